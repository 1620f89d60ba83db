package io.jrack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of at most a fixed number of bytes, cut with a marker, out of any byte stream. */
class LineSplitterTest {
  private static final int MAX = LineSplitter.MAX_LINE_BYTES;
  private static final String MARKER = " ... [line cut at 8192 bytes]";

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(MAX, lines::add);

  private void feed(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    splitter.feed(b, 0, b.length);
  }

  @Test
  void lineEndsAreLfCrlfAndLoneCrAndTheLastLineNeedsNone() {
    feed("one\ntwo\r\nthree\rfour\r");
    feed("\nfive");
    splitter.end();
    assertThat(lines).containsExactly("one", "two", "three", "four", "five");
  }

  @Test
  void aLineOfExactlyTheLimitIsKeptWhole() {
    feed("a".repeat(MAX) + "\nnext\n");
    assertThat(lines).containsExactly("a".repeat(MAX), "next");
  }

  @Test
  void aLongerLineIsCutAtOnceWithTheMarkerAndItsRestSkipped() {
    feed("b".repeat(MAX + 1));
    assertThat(lines).containsExactly("b".repeat(MAX) + MARKER);
    feed("b".repeat(3 * MAX) + "\nnext\n");
    assertThat(lines).containsExactly("b".repeat(MAX) + MARKER, "next");
  }

  @Test
  void theCutDoesNotSplitACharacter() {
    feed("a".repeat(MAX - 1) + "\u00e9" + "tail\n"); // é is 2 bytes: only its first would fit
    assertThat(lines).containsExactly("a".repeat(MAX - 1) + MARKER);
    assertThat(LineSplitter.cut("a".repeat(MAX - 2) + "\u20ac" + "x", MAX)).isEqualTo("a".repeat(MAX - 2) + MARKER); // € is 3 bytes
    assertThat(LineSplitter.cut("a".repeat(MAX - 3) + "\u20ac" + "x", MAX)).isEqualTo("a".repeat(MAX - 3) + "\u20ac" + MARKER);
  }

  @Test
  void cuttingAStringIsIdempotent() {
    String cut = LineSplitter.cut("c".repeat(MAX * 2), MAX);
    assertThat(cut).isEqualTo("c".repeat(MAX) + MARKER);
    assertThat(LineSplitter.cut(cut, MAX)).isSameAs(cut);
    assertThat(LineSplitter.cut("short", MAX)).isEqualTo("short");
  }

  @Test
  void aHundredMegabytesWithoutANewlineGiveOneCutLine() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 1600; i++) {
      splitter.feed(chunk, 0, chunk.length);
    }
    splitter.end();
    assertThat(lines).containsExactly("x".repeat(MAX) + MARKER);
  }
}
