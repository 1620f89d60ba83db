package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The rack parameters a user can set, their defaults, and what each accepts. */
final class RackParams {
  private static final Pattern HOST = Pattern.compile("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");

  private static final Pattern REGISTRY = Pattern.compile("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$");

  /** One parameter: its default and rule. */
  record Param(String name, String defaultValue, String expected, Predicate<String> valid) {}

  private final Map<String, Param> known = new LinkedHashMap<>();

  /** {@code given}: the defaults of the router's parameters, from the router's own limits. */
  RackParams(String rackName, Map<String, String> given) {
    add(new Param("Internal", "No", "Yes or No", v -> v.equals("Yes") || v.equals("No")));
    add(new Param("RouterHost", rackName + ".localhost", "a host name like dev.localhost (lowercase letters, digits, dashes and dots)", v -> HOST.matcher(v).matches()));
    add(new Param("RouterHeaderTimeout", required(given, "RouterHeaderTimeout"), "seconds a client may take to send a request's headers, 1-600", v -> between(v, 1, 600)));
    add(new Param("RouterIdleTimeout", required(given, "RouterIdleTimeout"), "seconds an idle client connection stays open, 1-3600", v -> between(v, 1, 3600)));
    add(new Param("RouterResponseTimeout", required(given, "RouterResponseTimeout"), "seconds a service may take to start answering, 1-3600", v -> between(v, 1, 3600)));
    // Read by the Kubernetes runtime only; blank means unset.
    add(new Param("IngressClass", "", "an ingress class name like nginx (lowercase letters, digits, dashes and dots), or blank for the cluster's default", v -> v.isEmpty() || HOST.matcher(v).matches()));
    add(new Param("IngressTlsIssuer", "", "a cert-manager ClusterIssuer name like letsencrypt (lowercase letters, digits, dashes and dots), or blank for no certificate", v -> v.isEmpty() || HOST.matcher(v).matches()));
    add(new Param("BuildRegistry", "", "the registry in-cluster builds push to, like registry.example.com:5000/team, or blank", v -> v.isEmpty() || REGISTRY.matcher(v).matches()));
    add(new Param("RouterMaxBodySize", required(given, "RouterMaxBodySize"), "the largest request body in MB, 0 for no limit, 0-10240", v -> between(v, 0, 10240)));
    // Builds: what one upload may cost the rack (see BuildLimits for how each is enforced).
    add(new Param(BuildLimits.UPLOAD_SIZE, "256", "the largest source upload (the gzipped tarball) in MB, 1-10240", v -> between(v, 1, 10240)));
    add(new Param(BuildLimits.UNPACKED_SIZE, "1024", "the most a source may unpack to in MB, 1-102400", v -> between(v, 1, 102400)));
    add(new Param(BuildLimits.FILES, "20000", "the most entries (files, directories, links) a source may hold, 1-1000000", v -> between(v, 1, 1_000_000)));
    add(new Param(BuildLimits.UPLOAD_TIMEOUT, "600", "seconds a source upload may take, 1-86400", v -> between(v, 1, 86400)));
    add(new Param(BuildLimits.RETENTION, "50", "builds kept per app (older ones are deleted, except the active release's), 1-10000", v -> between(v, 1, 10000)));
  }

  private static String required(Map<String, String> given, String name) {
    String v = given.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no default given for rack parameter " + name);
    }
    return v;
  }

  private void add(Param p) {
    known.put(p.name(), p);
  }

  private static boolean between(String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  Map<String, String> defaults() {
    Map<String, String> out = new TreeMap<>();
    // A parameter that is blank until set (the Kubernetes runtime's) is listed once it has a value.
    known.values().stream().filter(p -> !p.defaultValue().isEmpty()).forEach(p -> out.put(p.name(), p.defaultValue()));
    return out;
  }

  /** Checks every pair; reports all problems in one error. */
  void validate(Map<String, String> params) {
    List<String> problems = new java.util.ArrayList<>();
    params.forEach((k, v) -> {
      Param p = known.get(k);
      if (p == null) {
        problems.add("unknown parameter: %s (known: %s)".formatted(k, String.join(", ", known.keySet())));
      } else if (v == null || !p.valid().test(v)) {
        problems.add("%s: \"%s\" (expected: %s)".formatted(k, v, p.expected()));
      }
    });
    if (!problems.isEmpty()) {
      throw ProviderException.badRequest(String.join("; ", problems));
    }
  }
}
