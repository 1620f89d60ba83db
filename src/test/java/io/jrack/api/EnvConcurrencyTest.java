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

/**
 * Releases of an app are serialized: fifty parallel env sets through the API each make one whole
 * release holding the key it set. (The Convox protocol sends the whole environment, merged by the
 * client from the latest release, so two clients setting at once can each miss the other's key, as
 * with a Convox rack; the rack itself loses or mixes nothing.)
 */
class EnvConcurrencyTest {

  @Test
  void fiftyParallelEnvSetsEachMakeOneWholeRelease(@TempDir Path dir) throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      rack.client.appCreate("busy");
      List<Future<Release>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
        for (int i = 0; i < 50; i++) {
          String key = "K" + i;
          results.add(pool.submit(() -> rack.client.envSet("busy", Map.of(key, "v"), false)));
        }
      }
      List<Release> made = results.stream().map(f -> {
        try {
          return f.get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }).toList();
      Set<String> ids = made.stream().map(Release::id).collect(Collectors.toSet());
      assertThat(ids).hasSize(50);
      for (int i = 0; i < 50; i++) {
        Release stored = rack.client.releaseGet("busy", made.get(i).id());
        assertThat(stored.env()).as(stored.id()).containsEntry("K" + i, "v").isEqualTo(made.get(i).env());
      }
      assertThat(rack.client.releaseList("busy")).hasSize(50);
      rack.client.envSet("busy", Map.of("LAST", "1"), false);
      assertThat(rack.client.envGet("busy")).containsEntry("LAST", "1");
    }
  }
}
