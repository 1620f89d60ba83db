package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says when it cannot even ask the rack: argument errors, no rack, a rack that is not there. */
class CliErrorsTest {
  @TempDir Path home;

  record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** No RACK_URL and an empty JRACK_HOME: no rack to find. */
  private Map<String, String> noRack() {
    return Map.of("JRACK_HOME", home.toString());
  }

  @Test
  void paramsSetWantsKeyValueBeforeContactingTheRack() {
    Run r = run(noRack(), "rack", "params", "set", "Internal=Yes", "Internal");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ERROR: Key=Value expected: Internal\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void envSetWantsKeyValueToo() {
    Run r = run(noRack(), "env", "set", "-a", "x", "FOO");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ERROR: Key=Value expected: FOO\n");
  }

  @Test
  void noRackFound() {
    for (String[] args : new String[][] {{"apps"}, {"rack"}, {"env", "-a", "x"}, {"services", "-a", "x"}, {"rack", "params", "set", "Internal=Yes"}}) {
      Run r = run(noRack(), args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err()).isEqualTo("ERROR: no rack found: run 'convox rack start', or set RACK_URL\n");
    }
  }

  @Test
  void aRackThatDoesNotAnswerIsAnErrorNotATrace() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run(Map.of("RACK_URL", "http://convox:pw@127.0.0.1:" + port), "apps");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: could not connect to the rack at http://127.0.0.1:" + port).doesNotContain("Exception");
  }

  @Test
  void badSinceIsGoSMessage() {
    Run r = run(noRack(), "logs", "-a", "x", "--since", "10x");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ERROR: time: unknown unit \"x\" in duration \"10x\"\n");
    // rack logs says it too, before it looks for a rack (there is none here).
    Run rackLogs = run(noRack(), "rack", "logs", "--since", "10x");
    assertThat(rackLogs.code()).isEqualTo(1);
    assertThat(rackLogs.err()).isEqualTo("ERROR: time: unknown unit \"x\" in duration \"10x\"\n");
  }

  @Test
  void everyCommandHasHelp() {
    String[][] commands = {
      {"rack"}, {"rack", "params"}, {"rack", "params", "set"}, {"apps"}, {"apps", "create"}, {"apps", "delete"},
      {"apps", "info"}, {"env"}, {"env", "get"}, {"env", "set"}, {"env", "unset"}, {"releases"},
      {"releases", "info"}, {"releases", "promote"}, {"releases", "rollback"}, {"builds"}, {"builds", "info"},
      {"builds", "logs"}, {"build"}, {"deploy"}, {"services"}, {"ps"}, {"ps", "stop"}, {"logs"},
    };
    for (String[] c : commands) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(c), java.util.stream.Stream.of("--help")).toArray(String[]::new);
      Run r = run(noRack(), args);
      assertThat(r.code()).as(String.join(" ", c)).isZero();
      assertThat(r.out()).as(String.join(" ", c)).startsWith("Usage: convox " + String.join(" ", c));
    }
  }

  @Test
  void theAppDefaultsToTheDirectorysName(@TempDir Path dir) throws Exception {
    Path app = java.nio.file.Files.createDirectories(dir.resolve("My_App"));
    CliContext ctx = new CliContext(noRack(), app);
    assertThat(ctx.app(null)).isEqualTo("my-app");
    assertThat(ctx.app("other")).isEqualTo("other");
    java.nio.file.Files.createDirectories(app.resolve(".convox"));
    java.nio.file.Files.writeString(app.resolve(".convox/app"), "configured\n");
    assertThat(ctx.app(null)).isEqualTo("configured");
  }
}
