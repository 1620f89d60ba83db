package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.testing.TestRack;
import io.jrack.testing.Tgz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads against a real rack (issue #14.1): each limit holds while the bytes flow, a slow
 * upload holds no app lock, and the builds list keeps answering.
 */
class BuildUploadTest {
  static final String MANIFEST = "services:\n  worker:\n    command: sleep 600\n";

  @TempDir
  Path tmp;
  TestRack rack;

  @BeforeEach
  void start() throws Exception {
    rack = TestRack.start(tmp.resolve("rack"));
    rack.client.appCreate("app");
  }

  @AfterEach
  void stop() {
    rack.close();
  }

  @Test
  void aGzipBombWritesNoMoreThanTheUnpackedLimit() throws Exception {
    rack.client.paramsSet(Map.of("BuildMaxUnpackedSize", "16"));
    byte[] bomb = new Tgz().file("convox.yml", MANIFEST).repeated("zeros", 512L << 20, null).bytes();
    long before = bytesWritten();
    Build b = rack.client.buildCreate("app", new java.io.ByteArrayInputStream(bomb), null);
    long written = bytesWritten() - before;
    System.out.printf("gzip bomb of %d bytes (512 MB unpacked): the rack wrote %d bytes (cap %d)%n", bomb.length, written, 16L << 20);
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("ERROR: source archive unpacks to over 16 MB (expected at most 16 MB: rack parameter BuildMaxUnpackedSize;");
    // The upload itself is buffered to a file (the bomb's size), then at most the cap, plus the store and logs.
    assertThat(written).isLessThanOrEqualTo((16L << 20) + bomb.length + (1 << 20));
    assertThat(buildDir(b)).doesNotExist();
  }

  @Test
  void aHundredThousandEntriesAreRefused() throws Exception {
    long t0 = System.nanoTime();
    Tgz many = new Tgz().file("convox.yml", MANIFEST);
    for (int i = 0; i < 100_000; i++) {
      many.file("f/" + i, "");
    }
    InputStream source = many.stream();
    long t1 = System.nanoTime();
    Build b = rack.client.buildCreate("app", source, null);
    System.out.printf("100,000 entries: packed in %d ms, refused in %d ms%n", (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("ERROR: source archive has over 20000 entries (expected at most 20000: rack parameter BuildMaxFiles;");
    assertThat(buildDir(b)).doesNotExist();
  }

  @Test
  void anUploadDeclaredOverTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
    // 300 MB declared, and the client waits to be told to send it (as curl does for a large body): the answer comes at once.
    String answer = exchange("POST /apps/app/objects/tmp/source.tgz HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: application/gzip\r\n"
        + "Content-Length: " + (300L << 20) + "\r\nExpect: 100-continue\r\n\r\n", null, 5_000);
    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer).contains("source upload: 300 MB (expected at most 256 MB: rack parameter BuildMaxUploadSize;");
    assertThat(rack.client.buildList("app")).isEmpty();
  }

  @Test
  void anUploadOverTheLimitIsRefusedWith413WhileItIsRead() throws Exception {
    rack.client.paramsSet(Map.of("BuildMaxUploadSize", "1"));
    byte[] body = new byte[(1 << 20) + (64 << 10)];
    new java.util.Random(1).nextBytes(body);
    String answer = exchange("POST /apps/app/objects/tmp/source.tgz HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: application/gzip\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n", out -> {
          out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }, 10_000);
    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer).contains("source upload: over 1 MB (expected at most 1 MB: rack parameter BuildMaxUploadSize;");
    assertThat(rack.client.buildList("app")).isEmpty();
  }

  @Test
  void aSlowUploadDoesNotHoldTheAppsLock() throws Exception {
    // A valid source, one byte every 500 ms: a reader that unpacks as it receives waits on every byte.
    byte[] source = new Tgz().file("convox.yml", MANIFEST).bytes();
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", apiPort()));
      OutputStream out = slow.getOutputStream();
      out.write(("POST /apps/app/objects/tmp/source.tgz HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: application/gzip\r\nContent-Length: "
          + source.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread feeder = Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < 10; i++) {
            out.write(source[i]);
            out.flush();
            Thread.sleep(500);
          }
          slow.shutdownOutput();
        } catch (IOException | InterruptedException e) {
          // The test ended the upload.
        }
      });
      Thread.sleep(1_000);
      long start = System.nanoTime();
      rack.client.envSet("app", Map.of("A", "1"), false);
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("env set during a slow upload answered in %d ms%n", waitedMs);
      assertThat(waitedMs).isLessThan(1_000);
      feeder.interrupt();
    }
  }

  @Test
  void aSlowUploadIsCutAtTheUploadTimeout() throws Exception {
    rack.client.paramsSet(Map.of("BuildUploadTimeout", "2"));
    String answer = exchange("POST /apps/app/objects/tmp/source.tgz HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: application/gzip\r\nContent-Length: 1000\r\n\r\n",
        out -> {
          try {
            for (int i = 0; i < 12; i++) {
              out.write(0x1f);
              out.flush();
              Thread.sleep(250);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // The rack cut the upload: its answer is read next.
          }
        }, 10_000);
    assertThat(answer).startsWith("HTTP/1.1 408");
    assertThat(answer).contains("source upload: not done after 2 s").contains("(expected within 2 s: rack parameter BuildUploadTimeout)");
  }

  @Test
  void aHugeConvoxYmlIsRefusedAndTheBuildsListStillAnswers() throws Exception {
    byte[] huge = new Tgz().repeated("convox.yml", 128L << 20, "# a comment line of no use at all\n").bytes();
    Build b = rack.client.buildCreate("app", new java.io.ByteArrayInputStream(huge), null);
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("ERROR: convox.yml: 128 MB (expected at most 1 MB)");
    assertThat(b.manifest()).isNull();
    assertThat(rack.client.buildList("app")).extracting(Build::id).containsExactly(b.id());
  }

  @Test
  void aSymlinkedConvoxYmlIsRefused() throws Exception {
    Build b = rack.client.buildCreate("app", new Tgz().symlink("convox.yml", "/etc/hostname").stream(), null);
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("ERROR: convox.yml is a symbolic link (expected a regular file)");
  }

  @Test
  void aPaxPathWithANulByteFailsTheBuild() throws Exception {
    Build b = rack.client.buildCreate("app", new Tgz().file("convox.yml", MANIFEST).paxPath("a\0b", "x").stream(), null);
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("ERROR: source archive entry has an invalid path: \"a\\u0000b\" (Nul character not allowed)");
    assertThat(rack.client.buildList("app")).extracting(Build::status).containsExactly("failed");
    assertThat(buildDir(b)).doesNotExist();
  }

  @Test
  void oldBuildsArePrunedButNotTheActiveReleases() throws Exception {
    rack.client.paramsSet(Map.of("BuildRetention", "3"));
    Build first = build();
    rack.client.releasePromote("app", first.release());
    for (int i = 0; i < 5; i++) {
      build();
    }
    var kept = rack.client.buildList("app", 100);
    assertThat(kept).hasSize(4);
    assertThat(kept.get(3).id()).as("the active release's build").isEqualTo(first.id());
    try (var dirs = Files.list(tmp.resolve("rack/apps/app/builds"))) {
      assertThat(dirs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(kept.stream().map(Build::id).toList());
    }
  }

  @Test
  void theBuildsListShowsTheNewestTenUnlessToldALimit() throws Exception {
    for (int i = 0; i < 12; i++) {
      rack.client.buildCreate("app", new Tgz().file("README", "no manifest").stream(), "b" + i);
    }
    assertThat(rack.client.buildList("app")).extracting(Build::description)
        .containsExactly("b11", "b10", "b9", "b8", "b7", "b6", "b5", "b4", "b3", "b2");
    assertThat(rack.client.buildList("app", 2)).extracting(Build::description).containsExactly("b11", "b10");
    String answer = exchange("GET /apps/app/builds?limit=abc HTTP/1.1\r\nHost: x\r\n" + auth() + "Connection: close\r\n\r\n", null, 5_000);
    assertThat(answer).startsWith("HTTP/1.1 400").contains("limit: \\\"abc\\\" (expected: a number 1-1000)");
  }

  private Build build() throws IOException {
    Build b = rack.client.buildCreate("app", new Tgz().file("convox.yml", MANIFEST).stream(), null);
    assertThat(b.status()).as(b.logs()).isEqualTo("complete");
    return b;
  }

  private Path buildDir(Build b) {
    return tmp.resolve("rack/apps/app/builds").resolve(b.id());
  }

  private int apiPort() {
    return URI.create(rack.server.apiUrl()).getPort();
  }

  private static String auth() {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString(("convox:" + TestRack.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n";
  }

  /** Bytes this process has written (the rack runs in it): {@code wchar} of /proc/self/io. */
  static long bytesWritten() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("wchar:")) {
        return Long.parseLong(line.substring(6).strip());
      }
    }
    throw new IllegalStateException("no wchar in /proc/self/io");
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Sends a head, then the body (if any) as it likes, and reads the answer until the rack closes or answers in full. */
  private String exchange(String head, Body body, int timeoutMs) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", apiPort()));
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (body != null) {
        try {
          body.write(out);
          out.flush();
        } catch (IOException e) {
          // The rack may answer and close before the whole body is sent.
        }
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      try {
        int n;
        while ((n = in.read(chunk)) > 0) {
          answer.write(chunk, 0, n);
          String text = answer.toString(StandardCharsets.UTF_8);
          if (text.contains("\r\n\r\n") && text.substring(text.indexOf("\r\n\r\n")).contains("}")) {
            break;
          }
        }
      } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
        // What came before a reset or the timeout is the answer.
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
