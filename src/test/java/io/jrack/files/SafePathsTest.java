package io.jrack.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafePathsTest {
  private final Path root = Path.of("/var/lib/jrack/apps");

  @Test
  void plainNamesAreEntriesUnderTheRoot() {
    assertThat(SafePaths.under(root, "shop", "builds", "BABCDEFGHIJ")).isEqualTo(root.resolve("shop/builds/BABCDEFGHIJ"));
    assertThat(SafePaths.under(root, "hasura_graphql_database.postgres")).isEqualTo(root.resolve("hasura_graphql_database.postgres"));
    assertThat(SafePaths.under(root)).isEqualTo(root);
  }

  @Test
  void namesThatLeaveOrAreNotOneEntryAreRefused() {
    for (String bad : new String[] {"../../x", "..", ".", "", "/etc", "a/b", "a\\b", "x\0y", "../x.postgres"}) {
      assertThatThrownBy(() -> SafePaths.under(root, "shop", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(expected: one plain name");
    }
    assertThatThrownBy(() -> SafePaths.under(root, (String) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SafePaths.under(root, "../../x")).hasMessage("path name \"../../x\" under /var/lib/jrack/apps (expected: one plain name, no /, \\, NUL, . or ..)");
  }
}
