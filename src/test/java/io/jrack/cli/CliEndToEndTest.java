package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.sdk.RackAddress;
import io.jrack.server.RackServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rack command through {@link Main#run}, against a real embedded rack on 127.0.0.1 (no mocks):
 * the outputs a user sees, and the errors. The seed page's commands run verbatim from the app's directory.
 * Each test makes the apps and sets the parameters it needs and deletes its apps, so any order works.
 */
class CliEndToEndTest {
  private static final String PASSWORD = "e2e-secret";
  private static final Pattern RELEASE = Pattern.compile("R[A-Z]{10}");
  private static final Pattern BUILD = Pattern.compile("B[A-Z]{10}");

  @TempDir static Path tmp;
  static RackServer server;
  static Map<String, String> env;

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeAll
  static void startRack() throws Exception {
    server = RackServer.builder().name("dev").dir(tmp.resolve("rack")).version("9.9.9").password(PASSWORD)
        .apiHost("127.0.0.1").apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0).start();
    env = rackEnv(PASSWORD);
  }

  @AfterAll
  static void stopRack() {
    if (server != null) {
      server.close();
    }
  }

  static Map<String, String> rackEnv(String password) {
    String hostPort = server.apiUrl().substring("http://".length());
    Map<String, String> e = new HashMap<>();
    e.put("RACK_URL", "http://" + (password == null ? "" : "convox:" + password + "@") + hostPort);
    e.put("JRACK_HOME", tmp.resolve("home").toString());
    return e;
  }

  static Run run(String... args) {
    return runIn(new CliContext(env, Path.of("")), args);
  }

  static Run runIn(CliContext ctx, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(ctx, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run ok(String... args) {
    Run r = run(args);
    assertThat(r.code()).as("convox %s: %s", String.join(" ", args), r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, text).isTrue();
    return m.group();
  }

  static Path copyOf(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  @Test
  void rackDescribesItself() {
    assertThat(ok("rack").lines()).containsExactly(
        "Name      dev",
        "Provider  embedded",
        "Router    dev.localhost",
        "Status    running",
        "Version   9.9.9");
  }

  @Test
  void rackParamsAndTheirErrors() {
    // Other tests set Internal=Yes for their apps; this one shows a rack's defaults.
    assertThat(ok("rack", "params", "set", "Internal=No").out()).isEqualTo("Updating parameters... OK\n");
    assertThat(ok("rack", "params").lines()).containsExactly(
        "BuildMaxFiles          20000",
        "BuildMaxUnpackedSize   1024",
        "BuildMaxUploadSize     256",
        "BuildRetention         50",
        "BuildUploadTimeout     600",
        "Internal               No",
        "RouterHeaderTimeout    10",
        "RouterHost             dev.localhost",
        "RouterIdleTimeout      60",
        "RouterMaxBodySize      0",
        "RouterResponseTimeout  60");

    Run bad = run("rack", "params", "set", "Internal=Maybe");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).isEqualTo("Updating parameters... ");
    assertThat(bad.err()).isEqualTo("ERROR: Internal: \"Maybe\" (expected: Yes or No)\n");

    Run unknown = run("rack", "params", "set", "Nope=1");
    assertThat(unknown.err()).startsWith("ERROR: unknown parameter: Nope");

    Run noEquals = run("rack", "params", "set", "Internal");
    assertThat(noEquals.err()).isEqualTo("ERROR: Key=Value expected: Internal\n");
    assertThat(noEquals.out()).isEmpty();

    assertThat(ok("rack", "params").lines()).contains("Internal               No");
  }

  @Test
  void appsLifecycle() {
    assertThat(ok("apps", "create", "lifecycle").out()).isEqualTo("Creating lifecycle... OK\n");
    assertThat(ok("apps").lines()).first().isEqualTo("APP        STATUS   RELEASE");
    assertThat(ok("apps").lines()).contains("lifecycle  running");
    assertThat(ok("apps", "info", "-a", "lifecycle").lines()).containsExactly(
        "Name     lifecycle", "Status   running", "Release", "Router   dev.localhost");
    assertThat(ok("apps", "info", "lifecycle").lines()).first().isEqualTo("Name     lifecycle");

    Run again = run("apps", "create", "lifecycle");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.out()).isEqualTo("Creating lifecycle... ");
    assertThat(again.err()).isEqualTo("ERROR: app already exists: lifecycle\n");

    assertThat(ok("apps", "delete", "lifecycle").out()).isEqualTo("Deleting lifecycle... OK\n");
    Run gone = run("apps", "info", "-a", "lifecycle");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("ERROR: no such app: lifecycle\n");
  }

  @Test
  void envMakesReleases() throws IOException {
    ok("apps", "create", "envapp");
    assertThat(ok("apps", "params", "envapp").out()).isEmpty();
    Run params = run("apps", "params", "set", "Foo=bar", "-a", "envapp");
    assertThat(params.out()).isEqualTo("Updating parameters... ");
    assertThat(params.err()).isEqualTo("ERROR: app parameters: Foo (expected: none; apps have no parameters on this rack)\n");
    Run cancel = run("apps", "cancel", "envapp");
    assertThat(cancel.code()).isEqualTo(1);
    assertThat(cancel.err()).isEqualTo("ERROR: app envapp is not updating (status: running): nothing to cancel\n");
    Run set = ok("env", "set", "B=2", "A=1", "-a", "envapp");
    assertThat(set.lines()).hasSize(2);
    assertThat(set.lines().get(0)).isEqualTo("Setting A, B... OK");
    String first = find(RELEASE, set.lines().get(1));
    assertThat(set.lines().get(1)).isEqualTo("Release: " + first);

    assertThat(ok("env", "-a", "envapp").out()).isEqualTo("A=1\nB=2\n");
    assertThat(ok("env", "get", "A", "-a", "envapp").out()).isEqualTo("1\n");
    Run missing = run("env", "get", "C", "-a", "envapp");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("ERROR: env not found: C\n");

    Run unset = ok("env", "unset", "A", "-a", "envapp");
    assertThat(unset.lines().get(0)).isEqualTo("Unsetting A... OK");
    assertThat(unset.lines().get(1)).matches("Release: R[A-Z]{10}");
    assertThat(ok("env", "-a", "envapp").out()).isEqualTo("B=2\n");

    // env edit: what the editor leaves in the file is the new environment.
    Path editor = tmp.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\ngrep -q '^B=2$' \"$1\" || exit 3\nprintf 'B=2\\nE=edited value\\n' > \"$1\"\n");
    editor.toFile().setExecutable(true);
    Map<String, String> withEditor = new HashMap<>(env);
    withEditor.put("EDITOR", editor.toString());
    Run edit = runIn(new CliContext(withEditor, Path.of("")), "env", "edit", "-a", "envapp");
    assertThat(edit.lines()).as(edit.err()).hasSize(2).startsWith("Setting B, E... OK");
    assertThat(ok("env", "-a", "envapp").out()).isEqualTo("B=2\nE=edited value\n");
    withEditor.put("EDITOR", "false");
    Run failedEdit = runIn(new CliContext(withEditor, Path.of("")), "env", "edit", "-a", "envapp");
    assertThat(failedEdit.err()).isEqualTo("ERROR: the editor false exited with 1: nothing changed\n");

    ok("env", "set", "C=3=three", "--replace", "-a", "envapp");
    assertThat(ok("env", "-a", "envapp").out()).isEqualTo("C=3=three\n");

    Run badName = run("env", "set", "1X=y", "-a", "envapp");
    assertThat(badName.err()).startsWith("ERROR: invalid env name: \"1X\"");

    List<String> releases = ok("releases", "-a", "envapp").lines();
    assertThat(releases.get(0)).matches("ID +STATUS +BUILD +CREATED +DESCRIPTION");
    assertThat(releases).hasSize(5);
    assertThat(releases.get(1)).contains("env replace:C").containsPattern("  (now|\\d+ seconds? ago)  ");
    assertThat(releases.get(4)).startsWith(first).contains("env add:A,B");
    releases.forEach(l -> assertThat(l).doesNotEndWith(" "));

    assertThat(ok("releases", "info", first, "-a", "envapp").lines()).containsExactly(
        "Id           " + first,
        "Build",
        "Status       created",
        "Created      " + find(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), ok("releases", "info", first, "-a", "envapp").out()),
        "Description  env add:A,B",
        "Env          A=1",
        "             B=2");

    // Without a build there is nothing to run: the promote fails with the rack's reason.
    Run promote = run("env", "set", "D=4", "--promote", "-a", "envapp");
    assertThat(promote.code()).isEqualTo(1);
    assertThat(promote.out()).startsWith("Setting D... OK\nRelease: R").contains("Promoting R");
    assertThat(promote.err()).startsWith("ERROR: release R").contains("has no build");
    ok("apps", "delete", "envapp");
  }

  @Test
  void everyAppCommandSaysWhenTheAppDoesNotExist() {
    String[][] commands = {
      {"env"}, {"env", "get", "X"}, {"env", "set", "X=1"}, {"env", "unset", "X"}, {"releases"},
      {"releases", "info", "R1"}, {"releases", "promote"}, {"releases", "rollback", "R1"}, {"builds"},
      {"builds", "info", "B1"}, {"builds", "logs", "B1"}, {"services"}, {"ps"}, {"ps", "stop", "p1"},
      {"logs", "--no-follow"}, {"apps", "info"}, {"apps", "delete", "ghost"}, {"deploy", tmp.toString()},
      {"build", tmp.toString()},
    };
    for (String[] c : commands) {
      String[] args = Stream.concat(Stream.of(c), Stream.of("-a", "ghost")).toArray(String[]::new);
      if (c[0].equals("apps") && c[1].equals("delete")) {
        args = c;
      }
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", c)).isEqualTo(1);
      assertThat(r.err()).as(String.join(" ", c)).isEqualTo("ERROR: no such app: ghost\n");
    }
    // deploy checks the app before packaging anything: no progress lines, no auto-create.
    assertThat(run("deploy", tmp.toString(), "-a", "ghost").out()).isEmpty();
    assertThat(ok("apps").out()).doesNotContain("ghost");
  }

  @Test
  void authenticationErrors() {
    Map<String, String> saved = env;
    try {
      env = rackEnv("wrong");
      Run wrong = run("apps");
      assertThat(wrong.code()).isEqualTo(1);
      assertThat(wrong.err()).isEqualTo("ERROR: invalid authentication\n");
      env = rackEnv(null);
      Run missing = run("rack");
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).isEqualTo("ERROR: invalid authentication\n");
    } finally {
      env = saved;
    }
  }

  @Test
  void theLocalRackIsFoundWithoutRackUrl() throws IOException {
    Path home = tmp.resolve("local-home");
    Path rackDir = Files.createDirectories(tmp.resolve("local-rack"));
    Files.writeString(rackDir.resolve("password"), PASSWORD + "\n");
    RackAddress.recordLocal(home, server.apiUrl(), rackDir);
    Run r = runIn(new CliContext(Map.of("JRACK_HOME", home.toString()), Path.of("")), "rack");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).contains("Name      dev");
  }

  /** More than one rack on one machine, chosen by name: login remembers one, rack start another, switch picks. */
  @Test
  void loginRacksAndSwitch() throws IOException {
    Path home = tmp.resolve("multi-home");
    CliContext ctx = new CliContext(Map.of("JRACK_HOME", home.toString()), Path.of(""));
    String authority = server.apiUrl().substring("http://".length());
    Run wrong = runIn(ctx, "login", authority, "-p", "nope");
    assertThat(wrong.out()).isEqualTo("Authenticating with " + authority + "... ");
    assertThat(wrong.err()).isEqualTo("ERROR: invalid authentication\n");
    assertThat(runIn(ctx, "racks").lines()).containsExactly("NAME  STATUS");

    Run login = runIn(ctx, "login", authority, "-p", PASSWORD);
    assertThat(login.out()).as(login.err()).isEqualTo("Authenticating with " + authority + "... OK\n");
    assertThat(java.nio.file.Files.getPosixFilePermissions(home.resolve("racks.d").resolve("dev")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(runIn(ctx, "rack").lines()).contains("Name      dev");

    Path rackDir = Files.createDirectories(tmp.resolve("second"));
    Files.writeString(rackDir.resolve("password"), PASSWORD + "\n");
    RackAddress.recordLocal(home, "http://127.0.0.1:1", rackDir);
    assertThat(runIn(ctx, "switch").out()).isEqualTo("second\n");
    assertThat(runIn(ctx, "racks").lines()).containsExactly("NAME    STATUS", "dev     running", "second  unreachable");
    assertThat(runIn(ctx, "switch", "de").out()).isEqualTo("Switched to dev\n");
    assertThat(runIn(ctx, "switch").out()).isEqualTo("dev\n");
    assertThat(runIn(ctx, "apps").code()).isZero();
    assertThat(runIn(ctx, "switch", "nosuch").err()).isEqualTo("ERROR: could not find rack: nosuch (known: dev, second)\n");
  }

  @Test
  void aBadManifestFailsTheBuildWithLineAndColumn() throws IOException {
    Path app = Files.createDirectories(tmp.resolve("badapp"));
    Files.writeString(app.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    links:\n      - nosuch\n");
    ok("apps", "create", "badapp");
    Run r = run("deploy", app.toString(), "-a", "badapp");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).startsWith("Packaging source... OK", "Uploading source... OK", "Starting build... OK");
    assertThat(r.out()).contains("convox.yml:6:9: services.web.links: \"nosuch\" is not a service of this app");
    assertThat(r.out()).doesNotContain("Promoting");
    assertThat(r.err()).isEqualTo("ERROR: build failed\n");

    List<String> builds = ok("builds", "-a", "badapp").lines();
    assertThat(builds.get(0)).matches("ID +STATUS +RELEASE +STARTED +ELAPSED +DESCRIPTION");
    assertThat(builds.get(1)).matches("B[A-Z]{10}  failed .*");
    String id = find(BUILD, builds.get(1));
    assertThat(ok("builds", "logs", id, "-a", "badapp").out()).contains("convox.yml:6:9:");
    assertThat(ok("builds", "info", id, "-a", "badapp").lines()).contains("Id           " + id, "Status       failed");
    ok("apps", "delete", "badapp");
  }

  /**
   * The commands of the seed page, verbatim, from the app's directory (so the app is the directory's
   * name), on a one-service app; then every release, build, process and log command on it.
   */
  @Test
  void deployAndEverythingAfter() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("webapp"));
    Files.copy(Path.of("examples/nodedemo/Api.java"), dir.resolve("Api.java"));
    Files.writeString(dir.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    command: java Api.java\n");
    Files.writeString(dir.resolve(".dockerignore"), "*.log\n");
    Files.writeString(dir.resolve("debug.log"), "not sent\n");
    CliContext here = new CliContext(env, dir);

    assertThat(runIn(here, "apps", "create").out()).isEqualTo("Creating webapp... OK\n");
    assertThat(runIn(here, "rack", "params", "set", "Internal=Yes").out()).isEqualTo("Updating parameters... OK\n");
    assertThat(runIn(here, "rack", "params").lines()).contains("Internal               Yes");

    Run deploy = runIn(here, "deploy");
    assertThat(deploy.code()).as(() -> deploy.out() + deploy.err() + runIn(here, "logs", "--no-follow").out()).isZero();
    List<String> lines = deploy.lines();
    assertThat(lines).startsWith("Packaging source... OK", "Uploading source... OK", "Starting build... OK");
    String first = find(RELEASE, lines.get(lines.size() - 1));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Promoting " + first + "... OK");

    Run services = runIn(here, "services");
    assertThat(services.code()).as(services.err()).isZero();
    int http = server.router().httpPort();
    int https = server.router().httpsPort();
    assertThat(services.lines()).containsExactly(
        "SERVICE  DOMAIN" + " ".repeat("webapp-web.dev.localhost".length() - "DOMAIN".length() + 2) + "PORTS",
        "web      webapp-web.dev.localhost  " + http + ":3000 " + https + ":3000");
    assertThat(runIn(here, "services", "--json").out())
        .contains("\"name\": \"web\"").contains("\"domain\": \"webapp-web.dev.localhost\"").contains("\"balancer\": " + http);

    List<String> ps = runIn(here, "ps").lines();
    assertThat(ps.get(0)).matches("ID +SERVICE +STATUS +RELEASE +STARTED +COMMAND");
    assertThat(ps).hasSize(2);
    assertThat(ps.get(1)).matches("\\S+ +web +running +" + first + " +(now|.* ago) +.*java Api\\.java");

    List<String> builds = runIn(here, "builds").lines();
    assertThat(builds).hasSize(2);
    assertThat(builds.get(1)).matches("B[A-Z]{10}  complete  " + first + "  (now|.* ago) +\\d+s");
    String build = find(BUILD, builds.get(1));
    assertThat(runIn(here, "builds", "logs", build).out()).isEqualTo("release " + first + " created\n");
    assertThat(runIn(here, "builds", "info", build).lines()).contains("Id           " + build, "Status       complete", "Release      " + first);

    assertThat(runIn(here, "releases").lines().get(1)).matches(first + "  active +" + build + " .*");

    // deploy -m: another manifest in the directory is sent as the source's convox.yml.
    Files.writeString(dir.resolve("convox.other.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    command: java Api.java\n    environment:\n      - FROM_OTHER=yes\n");
    Run other = runIn(here, "deploy", "-m", "convox.other.yml");
    assertThat(other.code()).as(other.out() + other.err()).isZero();
    String otherRelease = find(RELEASE, other.lines().get(other.lines().size() - 1));
    assertThat(io.jrack.sdk.RackClient.of(RackAddress.resolve(env).orElseThrow()).releaseGet("webapp", otherRelease).manifest()).contains("FROM_OTHER=yes");
    Files.delete(dir.resolve("convox.other.yml"));
    assertThat(runIn(here, "deploy", "-m", "nosuch.yml").err()).startsWith("ERROR: manifest: no such file: ").endsWith("nosuch.yml\n");

    // convox build: a build and its release, not promoted.
    Run built = runIn(here, "build", ".", "--description", "second build");
    assertThat(built.code()).as(built.err()).isZero();
    List<String> b = built.lines();
    String second = find(RELEASE, b.get(b.size() - 1));
    assertThat(b.get(b.size() - 2)).matches("Build:   B[A-Z]{10}");
    assertThat(b.get(b.size() - 1)).isEqualTo("Release: " + second);
    assertThat(runIn(here, "releases").lines().get(1)).matches(second + " +B[A-Z]{10} .*second build");
    assertThat(runIn(here, "releases", "promote").out()).isEqualTo("Promoting " + second + "... OK\n");

    Run setEnv = runIn(here, "env", "set", "GREETING=hi", "--promote");
    assertThat(setEnv.code()).as(setEnv.err()).isZero();
    String third = find(RELEASE, setEnv.lines().get(1));
    assertThat(setEnv.lines()).containsExactly("Setting GREETING... OK", "Release: " + third, "Promoting " + third + "... OK");

    Run rollback = runIn(here, "releases", "rollback", first);
    assertThat(rollback.code()).as(rollback.err()).isZero();
    String fourth = find(RELEASE, rollback.lines().get(0).substring(("Rolling back to " + first).length()));
    assertThat(rollback.lines()).containsExactly("Rolling back to " + first + "... OK, " + fourth, "Promoting " + fourth + "... OK");
    assertThat(runIn(here, "env").out()).doesNotContain("GREETING");
    assertThat(runIn(here, "apps", "info").lines()).contains("Release  " + fourth);

    Run logs = runIn(here, "logs", "--no-follow", "--since", "10m");
    assertThat(logs.code()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("api listening on").contains("release " + fourth + " promoted");
    assertThat(logs.lines()).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ service/web/web-[0-9a-z]+ api listening on .*"))
        .anyMatch(l -> l.matches("\\S+Z system/rack release " + fourth + " promoted.*"));
    Run filtered = runIn(here, "logs", "--no-follow", "--since", "10m", "--filter", "promoted");
    assertThat(filtered.lines()).isNotEmpty().allMatch(l -> l.contains("promoted")).anyMatch(l -> l.contains("release " + fourth + " promoted"));

    String pid = runIn(here, "ps").lines().get(1).split(" +")[0];

    // run and exec: where the service runs, attached; the exit code passes through.
    Run run = runIn(new CliContext(env, dir).withStdin(new java.io.ByteArrayInputStream("from stdin\n".getBytes())),
        "run", "web", "sh", "-c", "'cat; ls; echo port=$PORT; exit 3'");
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).startsWith("from stdin\n").contains("Api.java\n", "convox.yml\n").containsPattern("port=\\d+\n");
    assertThat(runIn(here, "ps").lines()).as("the run's process is gone").hasSize(2);
    Run exec = runIn(new CliContext(env, dir).withStdin(java.io.InputStream.nullInputStream()), "exec", pid, "ls", "-1");
    assertThat(exec.code()).as(exec.err()).isZero();
    assertThat(exec.out()).contains("Api.java\n");
    assertThat(runIn(new CliContext(env, dir).withStdin(java.io.InputStream.nullInputStream()), "exec", "nosuch", "true").err())
        .isEqualTo("ERROR: no such process: nosuch\n");
    assertThat(runIn(new CliContext(env, dir).withStdin(java.io.InputStream.nullInputStream()), "run", "nosuch", "true").err())
        .isEqualTo("ERROR: no such service: nosuch (app webapp)\n");

    List<String> info = runIn(here, "ps", "info", pid).lines();
    assertThat(info).startsWith("Id        " + pid, "App       webapp", "Command   java Api.java", "Instance  " + io.jrack.rack.ThisMachine.ID)
        .contains("Service   web", "Release   " + fourth, "Status    running");
    assertThat(runIn(here, "ps", "info", "nosuch").err()).isEqualTo("ERROR: no such process: nosuch\n");

    assertThat(runIn(here, "scale").lines()).containsExactly("SERVICE  DESIRED  RUNNING  CPU  MEMORY", "web      1        1        256  512");
    assertThat(runIn(here, "scale", "web", "--count", "1").out()).isEqualTo("Scaling web... OK\n");
    assertThat(runIn(here, "scale", "web", "--count", "101").err()).isEqualTo("ERROR: count: 101 (expected: 0-100 processes)\n");
    assertThat(runIn(here, "restart").out()).isEqualTo("Restarting web... OK\n");
    assertThat(runIn(here, "services", "restart", "web").out()).isEqualTo("Restarting web... OK\n");
    assertThat(runIn(here, "services", "restart", "nosuch").err()).isEqualTo("ERROR: no such service: nosuch (app webapp)\n");
    Instant restartDeadline = Instant.now().plus(Duration.ofSeconds(30));
    List<String> afterRestart = runIn(here, "ps").lines();
    while (Instant.now().isBefore(restartDeadline) && (afterRestart.size() < 2 || afterRestart.get(1).startsWith(pid + " ") || !afterRestart.get(1).contains(" running "))) {
      Thread.sleep(200);
      afterRestart = runIn(here, "ps").lines();
    }
    assertThat(afterRestart).hasSize(2);
    assertThat(afterRestart.get(1)).doesNotStartWith(pid + " ").contains(" running ");
    pid = afterRestart.get(1).split(" +")[0];
    assertThat(runIn(here, "ps", "stop", pid).out()).isEqualTo("Stopping " + pid + "... OK\n");
    Run stopAgain = runIn(here, "ps", "stop", "nosuch");
    assertThat(stopAgain.err()).isEqualTo("ERROR: no such process: nosuch\n");

    // The source sent honoured .dockerignore: no debug.log reached the rack.
    try (Stream<Path> files = Files.walk(server.dir())) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("debug.log")).toList()).isEmpty();
    }
    assertThat(runIn(here, "apps", "delete", "webapp").out()).isEqualTo("Deleting webapp... OK\n");
  }

  /** The seed page's own app: web links api, which is internal. */
  @Test
  void theSeedApp() throws Exception {
    Path dir = copyOf(Path.of("examples/nodedemo").toAbsolutePath(), tmp.resolve("nodedemo"));
    CliContext here = new CliContext(env, dir);
    assertThat(runIn(here, "apps", "create").out()).isEqualTo("Creating nodedemo... OK\n");
    assertThat(runIn(here, "rack", "params", "set", "Internal=Yes").out()).isEqualTo("Updating parameters... OK\n");
    Run deploy = runIn(here, "deploy");
    assertThat(deploy.code()).as(() -> deploy.out() + deploy.err() + runIn(here, "logs", "--no-follow").out()).isZero();
    List<String> rows = runIn(here, "services").lines();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).matches("SERVICE  DOMAIN +PORTS");
    assertThat(rows.get(1)).matches("web      nodedemo-web\\.dev\\.localhost +" + server.router().httpPort() + ":3000 " + server.router().httpsPort() + ":3000");
    assertThat(rows.get(2)).matches("api      \\S+ +\\d+:3000");

    // Its database: a real PostgreSQL the rack runs; web's page counts visits in it.
    List<String> resources = runIn(here, "resources").lines();
    assertThat(resources.get(0)).isEqualTo("NAME      TYPE      URL");
    assertThat(resources.get(1)).matches("database  postgres  postgres://app:\\*\\*\\*\\*@127\\.0\\.0\\.1:\\d+/app");
    String url = runIn(here, "resources", "url", "database").out().strip();
    assertThat(url).matches("postgres://app:[A-Za-z0-9]{32}@127\\.0\\.0\\.1:\\d+/app");
    assertThat(runIn(here, "resources", "--reveal").lines().get(1)).endsWith(url);
    assertThat(runIn(here, "resources", "info", "database").out())
        .contains("Name      database\n", "Type      postgres\n", "Status    running\n")
        .containsPattern("Version   \\d+\\.\\d+\n").doesNotContain(url);
    assertThat(io.jrack.testing.RawHttp.get(server.router().httpPort(), "nodedemo-web.dev.localhost", "/").body())
        .containsPattern("database says: (\\d+ visits so far, PostgreSQL \\d+|psql not found)");

    Run refused = runIn(here, "apps", "delete", "nodedemo");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("app nodedemo has resources with data: database (postgres)", "--delete-resources");
    assertThat(runIn(here, "apps", "delete", "nodedemo", "--delete-resources").out()).isEqualTo("Deleting nodedemo... OK\n");
  }

  @Test
  void versionHelpAndCompletion() {
    String authority = env.get("RACK_URL").replaceFirst("^http://[^@]*@", "");
    assertThat(ok("version").lines()).containsExactly("client: " + Version.current(), "server: 9.9.9 (" + authority + ")");
    Map<String, String> none = new HashMap<>(env);
    none.remove("RACK_URL");
    none.put("JRACK_HOME", tmp.resolve("nohome").toString());
    assertThat(runIn(new CliContext(none, Path.of("")), "version").out()).isEqualTo("client: " + Version.current() + "\nserver: none\n");
    assertThat(ok("help").out()).contains("restart", "scale", "ps", "version", "completion");
    String script = ok("completion").out();
    assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_convox").contains("restart").contains("scale");
  }

  @Test
  void logsFollowStreamsNewLines() throws Exception {
    ok("apps", "create", "follow");
    StringWriter out = new StringWriter();
    Thread follower = new Thread(() -> Main.run(new CliContext(env, Path.of("")), new PrintWriter(out), new PrintWriter(new StringWriter()), "logs", "-a", "follow"));
    follower.setDaemon(true);
    follower.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String release = null;
    while (Instant.now().isBefore(deadline)) {
      release = find(RELEASE, ok("env", "set", "X=1", "-a", "follow").out());
      Thread.sleep(300);
      if (out.toString().contains("release " + release + " created")) {
        break;
      }
    }
    assertThat(out.toString()).contains("release " + release + " created");
    ok("apps", "delete", "follow");
  }
}
