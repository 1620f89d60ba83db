package io.jrack.runtime.container;

import io.jrack.testing.RequiredServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Podman of the tests: one per test JVM, with its configuration in a temporary directory and the
 * user's shared store, so the base image is made once per machine and kept. Tests skip, saying why,
 * where the machine has no working Podman.
 */
final class TestEngine {
  private static PodmanEngine engine;
  private static String problem;
  private static boolean baseMade;

  private TestEngine() {}

  static synchronized PodmanEngine get() {
    if (engine == null && problem == null) {
      try {
        PodmanEngine.Availability a = PodmanEngine.detect(PodmanConfig.forRack(Files.createTempDirectory("jrack-engine-"), PodmanConfig.defaultStorage()));
        engine = a.engine();
        problem = a.problem();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (engine == null) {
      System.out.println("no container engine: " + problem);
    }
    // Skipped on a machine without podman; under CI a failure, so a green CI means they ran.
    RequiredServer.assume(engine != null, "container tests need podman: " + problem);
    return engine;
  }

  /** The engine, with the plain Debian base image made (about a minute the first time on a machine). */
  static synchronized PodmanEngine withBase() throws EngineException {
    PodmanEngine e = get();
    if (!baseMade) {
      long t0 = System.nanoTime();
      new BaseImages(e, PodmanConfig.defaultStorage()).ensure(BaseImages.debian(), System.out::println);
      System.out.printf("base image %s ready in %d ms%n", BaseImages.debian(), (System.nanoTime() - t0) / 1_000_000);
      baseMade = true;
    }
    return e;
  }

  /** GETs the URL until it answers (a container's server may still be starting), up to the timeout. */
  static String get(String url, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("no answer from " + url + " within " + timeout + ": " + last);
  }

  static Path resource(String name) {
    return Path.of("src/test/resources/containers").resolve(name).toAbsolutePath();
  }
}
