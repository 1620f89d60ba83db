package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for a resource's {@code options:}. {@code version} and {@code storage} matter to racks
 * that run the server themselves; the others configure a cloud-managed database (Convox's AWS
 * racks) and are accepted, so that one convox.yml deploys to every rack. Anything else is a warning
 * with the closest known name, never an error: a newer Convox may know options we do not.
 */
final class ResourceOptions {
  private static final Set<String> KNOWN = Set.of(
      "version", "storage", "class", "durable", "encrypted", "iops", "deletionProtection",
      "backupRetentionPeriod", "preferredBackupWindow", "import", "readSourceDB", "nodes",
      "autoMinorVersionUpgrade", "path", "size");
  private static final Set<String> BOOLEANS = Set.of("durable", "encrypted", "deletionProtection", "autoMinorVersionUpgrade");
  private static final Set<String> COUNTS = Set.of("iops", "backupRetentionPeriod", "nodes");
  private static final Set<String> IN_MEMORY = Set.of("redis", "memcached");
  private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,2}");
  /** The largest volume cloud providers offer, in GB; anything larger is a typo. */
  static final int MAX_STORAGE_GB = 65_536;

  private final Fields fields;

  ResourceOptions(Fields fields) {
    this.fields = fields;
  }

  void check(String resource, String type, YMap options) {
    String where = "resources." + resource + ".options";
    fields.checkKeys(options, "resource " + resource + " options", KNOWN);
    options.entries().forEach((key, node) -> {
      String field = where + "." + key;
      if (!(node instanceof YScalar scalar) || scalar.value() == null) {
        return; // stringMap has reported the shape
      }
      String value = scalar.value().strip();
      if (key.equals("version") && !VERSION.matcher(value).matches()) {
        fields.error(node, field, "a version like 15 or 15.4");
      } else if (key.equals("storage")) {
        fields.integer(node, field, 1, MAX_STORAGE_GB);
        if (type != null && IN_MEMORY.contains(type)) {
          fields.diagnostics().warning(options.keyPosition(key),
              "%s: %s keeps its data in memory, storage is ignored".formatted(field, type));
        }
      } else if (BOOLEANS.contains(key)) {
        fields.bool(node, field);
      } else if (COUNTS.contains(key)) {
        fields.integer(node, field, 0, Integer.MAX_VALUE);
      }
    });
  }
}
