package io.jrack.rack.embedded;

import io.jrack.manifest.Diagnostic;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Service;
import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.LogSink;
import io.jrack.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded source into a build: unpack, read and validate {@code convox.yml}, ask the
 * runtime whether it can run it, then create the release. Every way a build can fail ends with the
 * build marked failed and the reason in its log (manifest errors at their line and column); only
 * a dead rack leaves one {@code running}, and {@link BuildHistory} fails those at the next start.
 */
final class Builder {
  private static final Logger LOG = LoggerFactory.getLogger(Builder.class);

  private final Store store;
  private final AppRuntime runtime;
  private final LogSink logs;
  private final EndpointAllocator endpoints;
  private final RackConfig config;
  private final Clock clock;
  private final StringBuilder log = new StringBuilder();
  private String app;
  private String id;
  private Instant started;
  private String desc;
  private String manifestText;

  Builder(Store store, AppRuntime runtime, LogSink logs, EndpointAllocator endpoints, RackConfig config, Clock clock) {
    this.store = store;
    this.runtime = runtime;
    this.logs = logs;
    this.endpoints = endpoints;
    this.config = config;
    this.clock = clock;
  }

  /** Builds the source in {@code upload} (a gzipped tar already received whole). */
  Build build(String app, Path upload, String description, BuildLimits limits) {
    this.app = app;
    this.id = Ids.build();
    this.started = clock.instant();
    this.desc = description == null || description.isBlank() ? "" : description;
    store.putBuild(new Build(id, app, "running", null, desc, null, started, null, ""));
    Path dir = config.buildDir(app, id);
    try {
      return run(upload, dir, limits);
    } catch (ProviderException e) {
      return fail(e.getMessage());
    } catch (SourceArchive.WriteFailed e) {
      return fail(DiskFull.is(e) ? DiskFull.describe(e, e.path()) : "could not write " + e.path() + ": " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return fail(DiskFull.is(e) ? DiskFull.describe(e, dir) : "could not read the source: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("build {} of {} failed", id, app, e);
      return fail("internal error: " + e);
    } catch (Error e) {
      // The rack may be in no state to go on (out of memory); the build says so if it still can.
      try {
        fail("internal error: " + e);
      } catch (RuntimeException | Error again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  private Build run(Path upload, Path dir, BuildLimits limits) throws IOException {
    SourceArchive.Unpacked unpacked;
    try (InputStream source = Files.newInputStream(upload)) {
      unpacked = SourceArchive.extract(source, dir, limits);
    }
    Optional<String> text = ManifestFile.read(dir, unpacked.links());
    if (text.isEmpty()) {
      return fail("no convox.yml at the top of the source (expected: the app directory, with convox.yml in it)");
    }
    manifestText = text.get();
    Release latest = store.latestRelease(app).orElse(null);
    Map<String, String> env = latest == null ? Map.of() : latest.env();
    ParseResult parsed = ManifestParser.builder().env(env).checkRequiredEnv(false).build().parseText(manifestText);
    for (Diagnostic d : parsed.diagnostics()) {
      say(d.toString());
    }
    if (!parsed.ok()) {
      return fail("invalid convox.yml: " + parsed.errors().size() + " error" + (parsed.errors().size() == 1 ? "" : "s"));
    }
    Manifest manifest = parsed.manifest().get();
    List<String> problems = runtime.check(manifest, dir);
    if (!problems.isEmpty()) {
      problems.forEach(this::say);
      return fail("the " + runtime.name() + " runtime can not run this app");
    }
    try {
      runtime.build(app, id, manifest, dir, this::say);
    } catch (io.jrack.runtime.RuntimeFailure e) {
      return fail(e.getMessage());
    }
    for (Service s : manifest.services()) {
      if (s.hasPort()) {
        endpoints.assign(app, s.name());
      }
    }
    Release release = new Release(Ids.release(), app, id, env, manifestText, clock.instant(), "created", desc.isEmpty() ? "build " + id : desc);
    say("release " + release.id() + " created");
    Build done = new Build(id, app, "complete", release.id(), desc, manifestText, started, clock.instant(), log.toString());
    store.transaction(tx -> {
      tx.putRelease(release);
      tx.putBuild(done);
      return null;
    });
    return done;
  }

  private Build fail(String reason) {
    say("ERROR: " + reason);
    Build failed = new Build(id, app, "failed", null, desc, manifestText, started, clock.instant(), log.toString());
    // The directory goes first: a store that cannot record the failure (a full disk) leaves no files behind.
    Trees.delete(config.buildDir(app, id));
    store.putBuild(failed);
    return failed;
  }

  /** Logs a line; the stored log stops growing at its limit (the app's log still gets every line). */
  private void say(String line) {
    if (log.length() < BuildLimits.LOG_CHARS) {
      log.append(line, 0, Math.min(line.length(), BuildLimits.LOG_CHARS - log.length())).append('\n');
      if (log.length() >= BuildLimits.LOG_CHARS) {
        log.append("... (build log cut at ").append(BuildLimits.LOG_CHARS >> 20).append(" MB)\n");
      }
    }
    logs.line(app, "build/" + id, line);
  }
}
