package io.jrack.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredServerTest {

  @Test
  void aMissingServerSkipsOutsideCiAndFailsUnderCi() {
    assertThatThrownBy(() -> RequiredServer.assume(false, "redis-server is not installed", Map.of()))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("redis-server is not installed");
    assertThatThrownBy(() -> RequiredServer.assume(false, "redis-server is not installed", Map.of("CI", "false")))
        .isInstanceOf(TestAbortedException.class);
    assertThatThrownBy(() -> RequiredServer.assume(false, "redis-server is not installed", Map.of("CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("redis-server is not installed (CI=true: a test that needs this server fails instead of skipping; bin/test-servers installs it)");
  }

  @Test
  void aPresentServerRunsEverywhere() {
    assertThatCode(() -> RequiredServer.assume(true, "unused", Map.of("CI", "true"))).doesNotThrowAnyException();
    assertThatCode(() -> RequiredServer.assume(true, "unused", Map.of())).doesNotThrowAnyException();
  }
}
