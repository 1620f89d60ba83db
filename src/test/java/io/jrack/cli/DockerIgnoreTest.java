package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

  private static DockerIgnore ignore(String... lines) {
    return DockerIgnore.parse(String.join("\n", lines) + "\n");
  }

  @Test
  void aStarStaysWithinOneSegment() {
    DockerIgnore d = ignore("*.log");
    assertThat(d.ignored("a.log")).isTrue();
    assertThat(d.ignored("dir/a.log")).isFalse();
    assertThat(d.ignored("a.log.txt")).isFalse();
  }

  @Test
  void doubleStarCrossesSegments() {
    DockerIgnore d = ignore("**/*.log");
    assertThat(d.ignored("a.log")).isTrue();
    assertThat(d.ignored("dir/sub/a.log")).isTrue();
    assertThat(d.ignored("a.txt")).isFalse();

    DockerIgnore under = ignore("build/**");
    assertThat(under.ignored("build/x")).isTrue();
    assertThat(under.ignored("build/x/y")).isTrue();
    assertThat(under.ignored("build")).isFalse();
    assertThat(under.ignored("buildx")).isFalse();

    DockerIgnore mid = ignore("src/**/test");
    assertThat(mid.ignored("src/test")).isTrue();
    assertThat(mid.ignored("src/a/b/test")).isTrue();
    assertThat(mid.ignored("src/a/b/test/file")).isTrue();
    assertThat(mid.ignored("src/a/b/testing")).isFalse();

    assertThat(ignore("**").ignored("anything/at/all")).isTrue();
    DockerIgnore leading = ignore("**/secret");
    assertThat(leading.ignored("secret")).isTrue();
    assertThat(leading.ignored("a/b/secret")).isTrue();
    assertThat(leading.ignored("a/notsecret")).isFalse();
  }

  @Test
  void aMatchingDirectoryTakesEverythingUnderIt() {
    DockerIgnore d = ignore("node_modules", "tmp/");
    assertThat(d.ignored("node_modules")).isTrue();
    assertThat(d.ignored("node_modules/left-pad/index.js")).isTrue();
    assertThat(d.ignored("tmp/cache/x")).isTrue();
    assertThat(d.ignored("src/node_modules")).isFalse();
  }

  @Test
  void exceptionsAndTheLastMatchWins() {
    DockerIgnore d = ignore("*.md", "!README.md");
    assertThat(d.ignored("CHANGES.md")).isTrue();
    assertThat(d.ignored("README.md")).isFalse();

    DockerIgnore reversed = ignore("!README.md", "*.md");
    assertThat(reversed.ignored("README.md")).isTrue();

    DockerIgnore again = ignore("docs", "!docs/keep.txt", "docs/keep.txt");
    assertThat(again.ignored("docs/keep.txt")).isTrue();
  }

  @Test
  void anExceptionUnderAnIgnoredDirectoryMakesTheWalkDescend() {
    DockerIgnore d = ignore("docs", "!docs/keep.txt");
    assertThat(d.hasExceptions()).isTrue();
    assertThat(d.ignored("docs")).isTrue();
    assertThat(d.ignored("docs/other.txt")).isTrue();
    assertThat(d.ignored("docs/keep.txt")).isFalse();
    assertThat(d.mustDescend("docs")).isTrue();
    assertThat(d.mustDescend("other")).isFalse();
    assertThat(ignore("docs").hasExceptions()).isFalse();
  }

  @Test
  void patternsAreCleanedAndRelativeToTheContext() {
    DockerIgnore d = ignore("/secrets", "./a/../b", "c//d/");
    assertThat(d.ignored("secrets/key")).isTrue();
    assertThat(d.ignored("b")).isTrue();
    assertThat(d.ignored("a")).isFalse();
    assertThat(d.ignored("c/d/e")).isTrue();
    assertThat(DockerIgnore.clean("a/./b/../c/")).isEqualTo("a/c");
    assertThat(DockerIgnore.clean("../x")).isEqualTo("../x");
    assertThat(DockerIgnore.clean("/../x")).isEqualTo("/x");
    assertThat(DockerIgnore.clean("")).isEqualTo(".");
  }

  @Test
  void commentsBlankLinesWhitespaceAndByteOrderMark() {
    DockerIgnore d = DockerIgnore.parse("\uFEFF.git\n# a comment\n\n   \n  *.tmp  \r\n");
    assertThat(d.rules()).extracting(DockerIgnore.Rule::pattern).containsExactly(".git", "*.tmp");
    assertThat(d.ignored(".git/HEAD")).isTrue();
    assertThat(d.ignored("x.tmp")).isTrue();
    assertThat(d.ignored("# a comment")).isFalse();
  }

  @Test
  void questionMarksClassesAndEscapes() {
    DockerIgnore d = ignore("?.txt", "[ab].bin", "lit\\*eral", "a.b");
    assertThat(d.ignored("x.txt")).isTrue();
    assertThat(d.ignored("xy.txt")).isFalse();
    assertThat(d.ignored("a.bin")).isTrue();
    assertThat(d.ignored("c.bin")).isFalse();
    assertThat(d.ignored("axb")).isFalse();
    assertThat(d.ignored("a.b")).isTrue();
  }

  @Test
  void badPatternsAreErrors() {
    assertThatThrownBy(() -> ignore("!")).hasMessageContaining("illegal exclusion pattern");
    assertThatThrownBy(() -> ignore("[")).hasMessageContaining("syntax error in pattern: [");
  }

  @Test
  void nothingIgnoredWithoutPatterns() {
    assertThat(DockerIgnore.NONE.ignored(".git")).isFalse();
    assertThat(DockerIgnore.parse("").ignored("x")).isFalse();
  }
}
