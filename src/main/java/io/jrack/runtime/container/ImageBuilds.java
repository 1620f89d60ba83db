package io.jrack.runtime.container;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The images of a build: one per build context (path and Dockerfile), shared by the services built
 * from it, tagged {@code localhost/jrack/<rack>-<app>:<build>} (a suffix per other context; build
 * ids are unique, so racks of the same name sharing a store never share a tag). A
 * {@code FROM} of one of the rack's own base images makes it first when missing.
 */
final class ImageBuilds {
  private final ContainerEngine engine;
  private final BaseImages bases;
  private final String rack;

  ImageBuilds(ContainerEngine engine, BaseImages bases, String rack) {
    this.engine = engine;
    this.bases = bases;
    this.rack = rack;
  }

  /** The repository of an app's images. */
  String repository(String app) {
    return "localhost/jrack/" + (rack + "-" + app).toLowerCase(Locale.ROOT);
  }

  /** The image a service runs in a build: its own {@code image:}, or the build's. */
  String image(String app, String build, Service s) {
    if (s.image() != null) {
      return s.image();
    }
    String context = s.build().path().equals(".") && s.build().manifest().equals(io.jrack.manifest.Build.DEFAULT_MANIFEST) ? ""
        : "-" + Integer.toHexString((s.build().path() + "/" + s.build().manifest()).hashCode());
    return repository(app) + ":" + build.toLowerCase(Locale.ROOT) + context;
  }

  /**
   * Removes the images of {@code builds} (every context's); returns the tags removed. Only tags of
   * those builds: racks of the same name share the repository. An image a container still runs
   * stays (the engine refuses it).
   */
  List<String> remove(String app, java.util.Collection<String> builds) {
    String repository = repository(app);
    List<String> tags;
    try {
      tags = engine.tags(repository);
    } catch (EngineException e) {
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    for (String tag : tags) {
      String t = tag.substring(repository.length() + 1);
      boolean ofBuild = builds.stream().map(b -> b.toLowerCase(Locale.ROOT)).anyMatch(b -> t.equals(b) || t.startsWith(b + "-"));
      if (ofBuild) {
        engine.removeImage(tag);
        removed.add(tag);
      }
    }
    return removed;
  }

  /** What stops a service from being built or run here: a missing build directory or Dockerfile. */
  static List<String> check(Manifest manifest, Path buildDir) {
    List<String> problems = new ArrayList<>();
    for (Service s : manifest.services()) {
      if (s.image() != null) {
        continue;
      }
      Path dir = buildDir.resolve(s.build().path()).normalize();
      if (!dir.startsWith(buildDir.normalize()) || !Files.isDirectory(dir)) {
        problems.add("service %s: build path %s is not a directory of the app".formatted(s.name(), s.build().path()));
      } else if (!Files.isRegularFile(dir.resolve(s.build().manifest()))) {
        problems.add("service %s: no %s in %s (the container runtime builds services from their Dockerfile)".formatted(s.name(), s.build().manifest(), s.build().path()));
      }
    }
    return problems;
  }

  /** Builds every context of the build once, and makes the base images its services name. */
  void build(String app, String build, Manifest manifest, Path buildDir, Consumer<String> log) throws RuntimeFailure {
    Map<String, Service> contexts = new LinkedHashMap<>();
    for (Service s : manifest.services()) {
      if (s.image() != null) {
        ensureBase(s.image(), log);
      } else {
        contexts.putIfAbsent(image(app, build, s), s);
      }
    }
    for (Map.Entry<String, Service> c : contexts.entrySet()) {
      Service s = c.getValue();
      Path dir = buildDir.resolve(s.build().path()).normalize();
      for (String from : froms(dir.resolve(s.build().manifest()))) {
        ensureBase(from, log);
      }
      log.accept("building " + c.getKey() + " from " + s.build().path() + "/" + s.build().manifest());
      try {
        engine.build(new ContainerEngine.BuildSpec(dir, s.build().manifest(), s.build().args(), c.getKey()), log);
      } catch (EngineException e) {
        throw new RuntimeFailure("image build of service " + s.name() + " failed:\n" + e.getMessage());
      }
    }
  }

  private void ensureBase(String ref, Consumer<String> log) throws RuntimeFailure {
    if (BaseImages.makes(ref)) {
      try {
        bases.ensure(ref, log);
      } catch (EngineException e) {
        throw new RuntimeFailure(e.getMessage());
      }
    }
  }

  /** The images a Dockerfile's FROM lines name (stages named by an earlier FROM ... AS are left out by the engine). */
  static List<String> froms(Path dockerfile) {
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
        String[] f = line.strip().split("\\s+");
        if (f.length >= 2 && f[0].equalsIgnoreCase("FROM")) {
          int i = 1;
          while (i < f.length && f[i].startsWith("--")) {
            i++;
          }
          if (i < f.length) {
            out.add(f[i]);
          }
        }
      }
    } catch (IOException e) {
      // The build itself reports an unreadable Dockerfile.
    }
    return out;
  }
}
