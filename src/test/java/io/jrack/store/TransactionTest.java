package io.jrack.store;

import static io.jrack.store.SqliteStoreTest.T0;
import static io.jrack.store.SqliteStoreTest.app;
import static io.jrack.store.SqliteStoreTest.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Release;
import io.jrack.store.Store.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing and no lost updates, within one store and across two on the same file. */
class TransactionTest {

  @TempDir Path dir;
  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void anExceptionInWorkLeavesNothingWrittenAndIsRethrownAsIs() {
    store.insertApp(app("existing"));
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> store.transaction(tx -> {
      tx.insertApp(app("nodedemo"));
      tx.putRelease(release("nodedemo", "R1", Map.of("K", "v")));
      tx.putParams(Map.of("Key", "value"));
      tx.putEndpoint(new Endpoint("existing", "web", "127.0.0.2", 80));
      tx.deleteApp("existing");
      assertThat(tx.app("nodedemo")).as("work sees its own writes").isPresent();
      throw boom;
    })).isSameAs(boom);
    store.close();
    store = SqliteStore.open(dir);
    assertThat(store.apps()).containsExactly(app("existing"));
    assertThat(store.releases("nodedemo")).isEmpty();
    assertThat(store.params()).isEmpty();
    assertThat(store.endpoints()).isEmpty();
  }

  @Test
  void workCommitsAndReturnsItsValue() {
    String id = store.transaction(tx -> {
      tx.insertApp(app("nodedemo"));
      tx.putRelease(release("nodedemo", "R1", Map.of()));
      return tx.latestRelease("nodedemo").orElseThrow().id();
    });
    assertThat(id).isEqualTo("R1");
    assertThat(store.release("nodedemo", "R1")).isPresent();
  }

  @Test
  void nestedTransactionsJoinTheOuterOne() {
    assertThatThrownBy(() -> store.transaction(tx -> {
      tx.transaction(inner -> {
        inner.insertApp(app("inner"));
        return null;
      });
      throw new IllegalStateException("outer fails after inner succeeded");
    })).hasMessage("outer fails after inner succeeded");
    assertThat(store.app("inner")).as("inner writes go with the outer rollback").isEmpty();

    store.transaction(tx -> {
      tx.insertApp(app("outer"));
      assertThatThrownBy(() -> tx.transaction(inner -> {
        inner.insertApp(app("inner"));
        throw new IllegalArgumentException("inner fails");
      })).hasMessage("inner fails");
      // A failed call inside the transaction leaves the transaction usable.
      assertThatThrownBy(() -> tx.insertApp(app("outer"))).isInstanceOf(StoreException.class);
      tx.putRelease(release("outer", "R1", Map.of()));
      return null;
    });
    assertThat(store.apps()).containsExactly(app("outer"));
    assertThat(store.releases("outer")).hasSize(1);
  }

  @Test
  void aConflictInsideWorkThatEscapesRollsBackEverything() {
    store.insertApp(app("billing"));
    store.putEndpoint(new Endpoint("billing", "api", "127.0.0.5", 3000));
    assertThatThrownBy(() -> store.transaction(tx -> {
      tx.insertApp(app("nodedemo"));
      tx.putEndpoint(new Endpoint("nodedemo", "web", "127.0.0.5", 3000));
      return null;
    })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue());
    assertThat(store.app("nodedemo")).isEmpty();
  }

  @Test
  @Timeout(60)
  void fiftyThreadsReadModifyWriteWithoutLosingAnUpdate() throws Exception {
    store.insertApp(app("nodedemo"));
    store.putRelease(release("nodedemo", "R0", Map.of("BASE", "1")));
    appendConcurrently(List.of(store), 50);
    Release latest = store.latestRelease("nodedemo").orElseThrow();
    assertThat(latest.env()).hasSize(51).containsKey("BASE");
    for (int i = 0; i < 50; i++) {
      assertThat(latest.env()).containsKey("K" + i);
    }
    assertThat(store.releases("nodedemo")).hasSize(51);
  }

  @Test
  @Timeout(60)
  void twoStoresOnOneFileDoNotLoseUpdatesEither() throws Exception {
    // Two connections stand in for two processes: BEGIN IMMEDIATE must serialize them.
    store.insertApp(app("nodedemo"));
    store.putRelease(release("nodedemo", "R0", Map.of()));
    try (SqliteStore second = SqliteStore.open(dir)) {
      appendConcurrently(List.of(store, second), 40);
    }
    assertThat(store.latestRelease("nodedemo").orElseThrow().env()).hasSize(40);
  }

  /** Each task adds key K{i} to a new release built from the latest one. */
  private static void appendConcurrently(List<SqliteStore> stores, int tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < tasks; i++) {
        int n = i;
        Store target = stores.get(i % stores.size());
        futures.add(pool.submit(() -> {
          start.await();
          return target.transaction(tx -> {
            Release previous = tx.latestRelease("nodedemo").orElseThrow();
            Thread.yield(); // widen the window a non-atomic read-modify-write would lose in
            Map<String, String> env = new LinkedHashMap<>(previous.env());
            env.put("K" + n, "v" + n);
            tx.putRelease(new Release("R" + (n + 1), "nodedemo", previous.build(), env, null,
                T0, "created", "env add:K" + n));
            return null;
          });
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
