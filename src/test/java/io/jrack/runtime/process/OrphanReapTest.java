package io.jrack.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.router.Router;
import io.jrack.router.RouterConfig;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.os.ProcessGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dead rack left running is stopped when the next one starts, whatever else its pid files hold. */
class OrphanReapTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(p -> ProcessGroups.kill(p.pid()));
  }

  @Test
  void twentyOrphansAreStoppedDespiteAnUnreadableAndACorruptPidFile(@TempDir Path tmp) throws Exception {
    Path state = tmp.resolve("state");
    PidFiles pids = new PidFiles(state.resolve("pids"));
    for (int i = 0; i < 20; i++) {
      Process p = new ProcessBuilder(ProcessGroups.wrap(List.of("sleep", "300"))).start();
      started.add(p);
      pids.write("shop", "web-" + i, p.pid());
    }
    Path dir = state.resolve("pids/shop");
    Path one = dir.resolve("web-0");
    assertThat(Files.getPosixFilePermissions(one)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left").allMatch(n -> n.startsWith("web-") && !n.endsWith(".tmp"));
    }
    // Not UTF-8 (unreadable as text), and text that is no pid: each must be skipped, not end the clean-up.
    Files.write(dir.resolve("api-unreadable"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    Files.writeString(dir.resolve("api-corrupt"), "not-a-pid yesterday\n");

    try (Router router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
        ProcessRuntime runtime = new ProcessRuntime(state, router, (a, s, l) -> {}, Clock.systemUTC())) {
      List<Long> alive = started.stream().filter(Process::isAlive).map(Process::pid).toList();
      assertThat(alive).as("orphans still running after the rack started").isEmpty();
      assertThat(runtime.processes("shop")).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("api-unreadable", "api-corrupt");
    }
  }
}
