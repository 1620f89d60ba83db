package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI starts fast only while its class graph stays small: a CLI command must never load the
 * router, the runtime, the server side or their libraries (Netty, Jetty, Javalin, SQLite,
 * BouncyCastle, Logback). Each command runs in a JVM of its own that logs every class it loads.
 */
class CliClassGraphTest {
  /** Packages a CLI command has no business loading. */
  static final Pattern FORBIDDEN = Pattern.compile(
      "^(io\\.jrack\\.(router|runtime|server|store|api|tls|rack\\.embedded)\\.|io\\.netty\\.|io\\.fabric8\\.|org\\.eclipse\\.jetty\\."
          + "|io\\.javalin\\.|org\\.sqlite\\.|org\\.bouncycastle\\.|ch\\.qos\\.logback\\.)");

  @TempDir Path dir;
  private HttpServer rack;

  /** A stand-in rack API on loopback: every list is empty, so commands get as far as printing their table. */
  @BeforeEach
  void fakeRack() throws IOException {
    rack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    rack.createContext("/", exchange -> {
      byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    rack.start();
  }

  @AfterEach
  void stop() {
    rack.stop(0);
  }

  /** The classes one CLI run loaded, by name, and what it printed. */
  record Loaded(List<String> classes, String out, int code) {}

  private Loaded run(String... args) throws Exception {
    Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
    Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("RACK_URL", "http://convox:pw@127.0.0.1:" + rack.getAddress().getPort());
    pb.environment().put("JRACK_HOME", dir.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits").isTrue();
    List<String> classes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      // [0.123s][info][class,load] some.Class source: ...
      int at = line.indexOf("[class,load] ");
      if (at >= 0) {
        String rest = line.substring(at + "[class,load] ".length());
        classes.add(rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')));
      }
    }
    return new Loaded(classes, Files.readString(out), p.exitValue());
  }

  private static List<String> jackson(Loaded l) {
    return l.classes().stream().filter(c -> c.startsWith("com.fasterxml.")).toList();
  }

  /** Classes the JVM generated for annotation instances ({@code jdk.proxy1.$Proxy3}). */
  private static List<String> proxies(Loaded l) {
    return l.classes().stream().filter(c -> c.matches(".*\\.\\$Proxy\\d+")).toList();
  }

  private static List<String> forbidden(Loaded l) {
    return l.classes().stream().filter(c -> FORBIDDEN.matcher(c).find()).toList();
  }

  @Test
  void servicesTalksToTheRackWithoutServerClasses() throws Exception {
    Loaded l = run("services", "-a", "demo");
    assertThat(l.out()).as("it got as far as printing the table").contains("SERVICE").contains("DOMAIN");
    assertThat(l.classes()).as("the log lists what ran").contains("io.jrack.cli.ServicesCommand", "io.jrack.sdk.RackClient");
    assertThat(forbidden(l)).isEmpty();
    // Picocli reflects over every registered command up front; `services` registers only itself, so
    // no other command's subcommands are modelled.
    assertThat(l.classes()).doesNotContain("io.jrack.cli.AppsCommand$Create", "io.jrack.cli.ReleasesCommand$Promote");
    assertThat(jackson(l)).as("the SDK reads JSON without Jackson").isEmpty();
    assertThat(l.classes()).as("it reads JSON with Gson").contains("com.google.gson.Gson");
    assertThat(proxies(l)).as("its picocli model is built in code: no annotation proxies").isEmpty();
  }

  @Test
  void certsTalksToTheRackWithoutTlsOrServerClasses() throws Exception {
    Loaded l = run("certs");
    assertThat(l.out()).as("it got as far as printing the table").contains("ID").contains("DOMAIN").contains("EXPIRES");
    assertThat(forbidden(l)).as("PEM and keys are the rack's business: no BouncyCastle in the CLI").isEmpty();
  }

  @Test
  void annotatedCommandsStillWorkAndShowWhatTheProxyCheckCatches() throws Exception {
    Loaded ps = run("ps", "-a", "demo");
    assertThat(ps.out()).contains("ID").contains("SERVICE");
    assertThat(forbidden(ps)).isEmpty();
    assertThat(jackson(ps)).isEmpty();
    // The control for the proxy checks: `ps` is still read from annotations, one proxy class per type.
    assertThat(proxies(ps)).isNotEmpty();
  }

  @Test
  void appsNeitherAndHelpModelsEveryCommand() throws Exception {
    Loaded apps = run("apps");
    assertThat(apps.out()).contains("APP");
    assertThat(forbidden(apps)).isEmpty();
    assertThat(jackson(apps)).isEmpty();
    assertThat(proxies(apps)).isEmpty();
    Loaded version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("jrack ");
    assertThat(forbidden(version)).isEmpty();
    assertThat(version.classes()).as("--version models no command").doesNotContain("io.jrack.cli.AppsCommand$Create", "io.jrack.cli.PsCommand");
    Loaded help = run("--help");
    assertThat(help.out()).contains("services").contains("releases");
    assertThat(forbidden(help)).isEmpty();
    // The control for the checks above: with every command registered, their subcommands are loaded.
    assertThat(help.classes()).contains("io.jrack.cli.AppsCommand$Create", "io.jrack.cli.ReleasesCommand$Promote");
  }
}
