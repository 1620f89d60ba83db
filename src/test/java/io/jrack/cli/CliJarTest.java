package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/convox-cli.jar, the jar bin/convox runs ordinary commands from, as built: it talks to a real
 * rack, holds none of the server's classes or libraries, and its picocli can be archived. Tagged
 * {@code cli-jar}: Surefire runs it in the {@code integration-test} phase, after {@code package} built the jar (pom.xml).
 */
@Tag("cli-jar")
class CliJarTest {
  static final Path JAR = Path.of("target", "convox-cli.jar");
  @TempDir static Path dir;
  static TestRack rack;

  @BeforeAll
  static void start() throws Exception {
    assertThat(JAR).as("`mvn package` builds it before this test runs").isRegularFile();
    rack = TestRack.start(dir.resolve("rack"));
    rack.client.appCreate("demo");
  }

  @AfterAll
  static void stop() {
    if (rack != null) {
      rack.close();
    }
  }

  record Run(int code, String out, String err) {}

  private static Run convox(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
    Collections.addAll(cmd, args);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("RACK_URL", rack.rackUrl());
    pb.environment().put("JRACK_HOME", dir.resolve("home").toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void runsCommandsAgainstARealRack() throws Exception {
    Run apps = convox("apps");
    assertThat(apps.code()).as(apps.err()).isZero();
    assertThat(apps.out().lines().toList()).first().asString().startsWith("APP");
    assertThat(apps.out()).contains("demo");

    Run services = convox("services", "-a", "demo");
    assertThat(services.code()).as(services.err()).isZero();
    assertThat(services.out()).startsWith("SERVICE  DOMAIN  PORTS");

    Run missing = convox("services", "-a", "nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip()).startsWith("ERROR: ").contains("nope").doesNotContain("\tat ");

    Run version = convox("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("jrack ").doesNotContain("dev");
  }

  @Test
  void theServerSideCommandsSayWhereToRunThemWithoutATrace() throws Exception {
    for (String[] args : List.of(new String[] {"rack", "start"}, new String[] {"rack", "install", "kubernetes", "--dry-run"})) {
      Run r = convox(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err().strip()).startsWith("ERROR: this jar has no").contains("bin/convox").doesNotContain("\tat ");
    }
  }

  @Test
  void holdsTheCliAndNothingOfTheServer() throws Exception {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      zip.stream().map(ZipEntry::getName).forEach(names::add);
    }
    assertThat(names).contains("io/jrack/cli/Main.class", "io/jrack/sdk/RackClient.class", "io/jrack/manifest/ManifestParser.class",
        "picocli/CommandLine.class");
    List<String> server = names.stream()
        .filter(n -> n.endsWith(".class"))
        .map(n -> n.replace('/', '.'))
        .filter(n -> CliClassGraphTest.FORBIDDEN.matcher(n).find() || n.startsWith("com.fasterxml.") || n.startsWith("org.postgresql."))
        .toList();
    assertThat(server).isEmpty();
    assertThat(names).noneMatch(n -> n.startsWith("META-INF/services/io.jrack."));
    assertThat(names).noneMatch(n -> n.startsWith("postgres-") || n.endsWith(".txz"));
  }

  /**
   * picocli compiled from its sources at the project's release: its own jar's Java 5 class files are
   * skipped by the AOT cache and AppCDS, and loaded and verified anew by every command.
   */
  @Test
  void picocliIsCompiledForAModernJvm() throws Exception {
    try (ZipFile zip = new ZipFile(JAR.toFile()); InputStream in = zip.getInputStream(zip.getEntry("picocli/CommandLine.class"))) {
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort();
      assertThat(data.readUnsignedShort()).as("class file major version").isGreaterThanOrEqualTo(65);
    }
  }
}
