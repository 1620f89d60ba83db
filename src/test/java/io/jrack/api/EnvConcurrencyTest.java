package io.jrack.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Release;
import io.jrack.testing.TestRack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releases of an app are serialized: concurrent env changes through the API lose nothing. */
class EnvConcurrencyTest {

  @Test
  void fiftyParallelEnvSetsLoseNoUpdate(@TempDir Path dir) throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      rack.client.appCreate("busy");
      List<Future<Release>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
        for (int i = 0; i < 50; i++) {
          String key = "K" + i;
          results.add(pool.submit(() -> rack.client.envSet("busy", Map.of(key, "v"), false)));
        }
      }
      Set<String> ids = results.stream().map(f -> {
        try {
          return f.get().id();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }).collect(Collectors.toSet());
      assertThat(ids).hasSize(50);
      Map<String, String> env = rack.client.envGet("busy");
      assertThat(env).hasSize(50);
      for (int i = 0; i < 50; i++) {
        assertThat(env).containsEntry("K" + i, "v");
      }
      assertThat(rack.client.releaseList("busy")).hasSize(50);
    }
  }
}
