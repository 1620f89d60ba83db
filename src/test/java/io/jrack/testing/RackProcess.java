package io.jrack.testing;

import io.jrack.sdk.RackClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A rack running as a separate JVM ({@link RackMain}), which a test may kill -9. */
public final class RackProcess implements AutoCloseable {
  public final Process process;
  public final RackClient client;
  public final int httpPort;

  private RackProcess(Process process, String api, int httpPort) {
    this.process = process;
    this.client = new RackClient(URI.create(api), TestRack.PASSWORD);
    this.httpPort = httpPort;
  }

  public static RackProcess start(Path dir) throws Exception {
    return start(dir, java.util.Map.of());
  }

  /** A rack process whose environment has {@code env} besides this JVM's own. */
  public static RackProcess start(Path dir, java.util.Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RackMain.class.getName(), dir.toString(), TestRack.PASSWORD));
    Path log = java.nio.file.Files.createTempFile("rack-process-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String api = null;
    int http = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((api == null || http < 0) && System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("rack process exited with " + p.waitFor() + ":\n" + java.nio.file.Files.readString(log));
      }
      if (line.startsWith("API ")) {
        api = line.substring(4).strip();
      } else if (line.startsWith("HTTP ")) {
        http = Integer.parseInt(line.substring(5).strip());
      }
    }
    return new RackProcess(p, api, http);
  }

  /** SIGKILL: no shutdown hook runs, as in a crash. */
  public void crash() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
