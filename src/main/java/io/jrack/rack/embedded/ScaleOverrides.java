package io.jrack.rack.embedded;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrack.files.PrivateFiles;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Scale;
import io.jrack.manifest.Service;
import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code convox scale} set per service, kept in the app's directory ({@code scale.json}, 0600) so
 * that it outlives deploys and rack restarts. Beside each value is the manifest's value it replaced:
 * the value stands while releases keep that manifest value, and a release whose manifest changes it
 * drops it (the newer decision wins). Convox keeps a scale through every later deploy and uses a
 * manifest's static count on the first deploy only; here editing {@code scale} in convox.yml still works.
 */
final class ScaleOverrides {
  static final String FILE = "scale.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A service's count, cpu, memory. */
  record Values(int count, int cpu, int memory) {
    static Values of(Scale s) {
      return new Values(s.count(), s.cpu(), s.memory());
    }
  }

  /** What was set (null: not set) and the manifest's values when it was. */
  record Override(Integer count, Integer cpu, Integer memory, Values manifest) {
    /** The values with this override applied. */
    Values over(Values m) {
      return new Values(count != null ? count : m.count(), cpu != null ? cpu : m.cpu(), memory != null ? memory : m.memory());
    }

    /** This override, less what the manifest changed since it was made; null when nothing is left. */
    Override against(Values now) {
      Integer c = count != null && now.count() == manifest.count() ? count : null;
      Integer p = cpu != null && now.cpu() == manifest.cpu() ? cpu : null;
      Integer m = memory != null && now.memory() == manifest.memory() ? memory : null;
      return c == null && p == null && m == null ? null : new Override(c, p, m, now);
    }
  }

  /** A manifest with the overrides that still stand applied, those overrides, and lines saying which ones the manifest replaced. */
  record Applied(Manifest manifest, Map<String, Override> kept, List<String> dropped) {}

  private final Function<String, Path> appDir;

  ScaleOverrides(Function<String, Path> appDir) {
    this.appDir = appDir;
  }

  Map<String, Override> get(String app) {
    try {
      return new TreeMap<>(JSON.readValue(Files.readString(file(app)), new TypeReference<Map<String, Override>>() {}));
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.INTERNAL, "app %s: could not read %s: %s".formatted(app, file(app), e.getMessage()));
    }
  }

  void put(String app, Map<String, Override> overrides) {
    try {
      Files.createDirectories(file(app).getParent());
      PrivateFiles.write(file(app), JSON.writeValueAsString(overrides));
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.INTERNAL, "app %s: could not write %s: %s".formatted(app, file(app), e.getMessage()));
    }
  }

  /** The manifest as the app's scale overrides have it; nothing is written. */
  Applied apply(String app, Manifest manifest) {
    Map<String, Override> all = get(app);
    Map<String, Override> kept = new TreeMap<>();
    List<String> dropped = new ArrayList<>();
    List<Service> services = new ArrayList<>();
    for (Service s : manifest.services()) {
      Override o = all.get(s.name());
      Values declared = Values.of(s.scale());
      Override standing = o == null ? null : o.against(declared);
      if (o != null && !o.equals(standing)) {
        dropped.add("scale of %s: convox.yml changed it (%s), which replaces convox scale's (%s)"
            .formatted(s.name(), shown(declared), shown(o.over(o.manifest()))));
      }
      if (standing == null) {
        services.add(s);
        continue;
      }
      kept.put(s.name(), standing);
      services.add(ScaledService.of(s, standing.over(declared)));
    }
    return new Applied(new Manifest(manifest.dialect(), manifest.environment(), manifest.params(), manifest.resources(), services,
        manifest.timers(), manifest.balancers(), manifest.budget(), manifest.extensions(), manifest.attributes()), kept, dropped);
  }

  private static String shown(Values v) {
    return "count %d, cpu %d, memory %d".formatted(v.count(), v.cpu(), v.memory());
  }

  private Path file(String app) {
    return appDir.apply(app).resolve(FILE);
  }
}
