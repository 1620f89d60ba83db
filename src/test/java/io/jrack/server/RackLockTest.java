package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.testing.RackProcess;
import io.jrack.testing.TestRack;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rack started twice on one directory: the second start is refused before it touches the store,
 * the containers or the network fence, saying which process has the directory, and the first
 * goes on serving; a rack killed with {@code kill -9} leaves no lock behind. (On containers the
 * same refusal keeps the first rack's fence: {@code ExposureContainersTest}.)
 */
class RackLockTest {

  private static RackServer start(Path dir) throws Exception {
    return RackServer.builder().name("dev").dir(dir).password(TestRack.PASSWORD).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .endpointPorts(25000, 25999).start();
  }

  @Test
  void aSecondStartOnTheSameDirectoryIsRefusedAndTheFirstGoesOn(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    try (RackProcess first = RackProcess.start(dir)) {
      first.client.appCreate("shop");
      assertThatThrownBy(() -> start(dir)).isInstanceOf(IOException.class)
          .hasMessage("rack directory %s is in use by another rack (pid %d) (expected: one rack per directory; stop that one first, or give this one another directory)",
              dir, first.process.pid());
      assertThat(first.client.appList()).as("the first rack still answers").extracting(a -> a.name()).containsExactly("shop");
      first.crash();
    }
    // A rack killed with kill -9 took its lock with it: the next start is not refused.
    try (RackServer again = start(dir)) {
      assertThat(again.apiUrl()).isNotBlank();
      // In one process too: a second rack object on a directory this process already runs.
      assertThatThrownBy(() -> start(dir)).isInstanceOf(IOException.class).hasMessageContaining("rack directory " + dir + " is in use by another rack (pid "
          + ProcessHandle.current().pid() + ")");
      assertThat(new io.jrack.sdk.RackClient(java.net.URI.create(again.apiUrl()), TestRack.PASSWORD).appList()).extracting(a -> a.name()).containsExactly("shop");
    }
    try (RackServer third = start(dir)) {
      assertThat(third.apiUrl()).as("a stopped rack released it").isNotBlank();
    }
  }
}
