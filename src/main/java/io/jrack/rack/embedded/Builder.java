package io.jrack.rack.embedded;

import io.jrack.manifest.Diagnostic;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Service;
import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns an uploaded source into a build: unpack, read and validate {@code convox.yml}, ask the
 * runtime whether it can run it, then create the release. A failed build keeps its log, with
 * every manifest error at its line and column.
 */
final class Builder {
  private final EmbeddedProvider rack;
  private final Store store;
  private final AppRuntime runtime;
  private final LogHub logs;
  private final StringBuilder log = new StringBuilder();
  private String app;
  private String id;

  Builder(EmbeddedProvider rack, Store store, AppRuntime runtime, LogHub logs) {
    this.rack = rack;
    this.store = store;
    this.runtime = runtime;
    this.logs = logs;
  }

  Build build(String app, InputStream source, String description) {
    this.app = app;
    this.id = Ids.build();
    var started = rack.clock().instant();
    String desc = description == null || description.isBlank() ? "" : description;
    store.putBuild(new Build(id, app, "running", null, desc, null, started, null, ""));
    Path dir = rack.config().buildDir(app, id);
    String manifestText = null;
    try {
      SourceArchive.extract(source, dir);
      manifestText = rack.readManifest(dir);
      if (manifestText == null) {
        return fail(started, desc, null, "no convox.yml at the top of the source (expected: the app directory, with convox.yml in it)");
      }
      Release latest = store.latestRelease(app).orElse(null);
      Map<String, String> env = latest == null ? Map.of() : latest.env();
      ParseResult parsed = EmbeddedProvider.parse(manifestText, env, false);
      for (Diagnostic d : parsed.diagnostics()) {
        say(d.toString());
      }
      if (!parsed.ok()) {
        return fail(started, desc, manifestText, "invalid convox.yml: " + parsed.errors().size() + " error" + (parsed.errors().size() == 1 ? "" : "s"));
      }
      Manifest manifest = parsed.manifest().get();
      List<String> problems = runtime.check(manifest, dir);
      if (!problems.isEmpty()) {
        problems.forEach(this::say);
        return fail(started, desc, manifestText, "the " + runtime.name() + " runtime can not run this app");
      }
      for (Service s : manifest.services()) {
        if (s.hasPort()) {
          rack.endpoints.assign(app, s.name());
        }
      }
      Release release = new Release(Ids.release(), app, id, latest == null ? Map.of() : latest.env(), manifestText,
          rack.clock().instant(), "created", desc.isEmpty() ? "build " + id : desc);
      say("release " + release.id() + " created");
      Build done = new Build(id, app, "complete", release.id(), desc, manifestText, started, rack.clock().instant(), log.toString());
      store.transaction(tx -> {
        tx.putRelease(release);
        tx.putBuild(done);
        return null;
      });
      return done;
    } catch (ProviderException e) {
      return fail(started, desc, manifestText, e.getMessage());
    } catch (IOException e) {
      return fail(started, desc, manifestText, "could not read the source: " + e.getMessage());
    }
  }

  private Build fail(java.time.Instant started, String desc, String manifest, String reason) {
    say("ERROR: " + reason);
    Build failed = new Build(id, app, "failed", null, desc, manifest, started, rack.clock().instant(), log.toString());
    store.putBuild(failed);
    EmbeddedProvider.deleteTree(rack.config().buildDir(app, id));
    return failed;
  }

  private void say(String line) {
    log.append(line).append('\n');
    logs.line(app, "build/" + id, line);
  }
}
