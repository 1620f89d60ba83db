package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.testing.RackProcess;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the rack under writes and traffic: state intact, apps back, same link endpoints, no duplicates. */
class RackCrashTest {

  @Test
  void rackKilledMidBurstComesBackWithEverythingAcknowledged(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    String apiEndpoint;
    RackProcess first = RackProcess.start(dir);
    try {
      first.client.paramsSet(Map.of("Internal", "Yes"));
      first.client.appCreate("nodedemo");
      Build b = first.client.buildCreate("nodedemo", SourceTar.of(SeedFlowTest.NODEDEMO), null);
      first.client.releasePromote("nodedemo", b.release());
      apiEndpoint = first.client.serviceList("nodedemo").get(1).ports().get(0).toString();
      assertThat(RawHttp.get(first.httpPort, "nodedemo-web.dev.localhost", "/").body()).contains("api says:");

      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = Thread.ofVirtual().start(() -> {
        for (int i = 0; !stop.get(); i++) {
          try {
            first.client.envSet("nodedemo", Map.of("K" + i, Integer.toString(i)), false);
            acknowledged.add("K" + i);
          } catch (RuntimeException e) {
            return;
          }
        }
      });
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 40);
      first.crash();
      stop.set(true);
      writer.join(10_000);
    } finally {
      first.crash();
    }
    System.out.printf("rack killed -9 after %d acknowledged env writes%n", acknowledged.size());

    long t0 = System.nanoTime();
    try (RackProcess second = RackProcess.start(dir)) {
      Map<String, String> env = second.client.envGet("nodedemo");
      for (String key : acknowledged) {
        assertThat(env).containsKey(key);
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(RawHttp.get(second.httpPort, "nodedemo-web.dev.localhost", "/").body())
              .as(() -> "app log:\n" + appLog(dir)).contains("api says: {\"service\":\"api\""));
      System.out.printf("restart until web answered again: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(second.client.serviceList("nodedemo").get(1).ports().get(0).toString()).isEqualTo(apiEndpoint);
      List<ProcessInfo> ps = second.client.processList("nodedemo");
      assertThat(ps).extracting(ProcessInfo::service).containsExactlyInAnyOrder("web", "api");
      // The dead rack's processes were stopped, not left running beside the new ones.
      Path real = dir.toRealPath();
      List<String> running = ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/java"))
          .filter(p -> p.info().commandLine().orElse("").endsWith("Api.java"))
          .filter(p -> Orphans.cwd(p).map(c -> c.startsWith(real)).orElse(false))
          .map(p -> p.pid() + " parent " + p.parent().map(ProcessHandle::pid).orElse(-1L) + " started " + p.info().startInstant().orElse(null)).toList();
      assertThat(running).hasSize(1);
      // The database came back too: the dead rack's PostgreSQL was stopped, one runs, and web uses it.
      assertThat(RawHttp.get(second.httpPort, "nodedemo-web.dev.localhost", "/").body())
          .containsPattern("database says: (\\d+ visits so far|psql not found)");
      List<Long> postmasters = ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().orElse("").contains(" -D " + real.resolve("resources/nodedemo")))
          .map(ProcessHandle::pid).toList();
      assertThat(postmasters).hasSize(1);
      assertThat(second.client.resourceGet("nodedemo", "database").status()).isEqualTo("running");
    }
    assertThat(Orphans.under(dir.toRealPath())).isEmpty();
  }

  static String appLog(Path dir) {
    try {
      return java.nio.file.Files.readString(dir.resolve("logs/nodedemo.log"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
