package io.jrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.Release;
import io.jrack.store.Store.Endpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, order and conflicts, each checked after reopening the file where it matters. */
class SqliteStoreTest {

  static final Instant T0 = Instant.parse("2024-02-29T12:34:56.123456789Z");

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

  private void reopen() {
    store.close();
    store = SqliteStore.open(dir);
  }

  static App app(String name) {
    return new App(name, "running", null, T0);
  }

  static Release release(String app, String id, Map<String, String> env) {
    return new Release(id, app, "B1", env, "services: {}", T0, "created", "test " + id);
  }

  @Test
  void appsRoundTripEveryFieldAndListByName() {
    App full = new App("nodedemo", "running", "R1", T0);
    App bare = new App("alpha", null, null, null);
    store.insertApp(full);
    store.insertApp(bare);
    reopen();
    assertThat(store.app("nodedemo")).contains(full);
    assertThat(store.app("alpha")).contains(bare);
    assertThat(store.app("missing")).isEmpty();
    assertThat(store.apps()).containsExactly(bare, full);

    App updated = new App("nodedemo", "updating", "R2", T0.plusNanos(1));
    store.updateApp(updated);
    reopen();
    assertThat(store.app("nodedemo")).contains(updated);
  }

  @Test
  void instantsKeepEveryNanosecond() {
    List<Instant> instants = List.of(T0, Instant.EPOCH, Instant.ofEpochSecond(-1, 1),
        Instant.parse("2024-01-01T00:00:00.100Z"), Instant.parse("+12024-01-01T00:00:00Z"));
    for (int i = 0; i < instants.size(); i++) {
      store.insertApp(new App("a" + i, "running", null, instants.get(i)));
    }
    reopen();
    for (int i = 0; i < instants.size(); i++) {
      assertThat(store.app("a" + i).orElseThrow().created()).isEqualTo(instants.get(i));
    }
  }

  @Test
  void insertingAnExistingAppIsAConflictNamingIt() {
    store.insertApp(app("nodedemo"));
    assertThatThrownBy(() -> store.insertApp(new App("nodedemo", "updating", "R9", null)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
        .hasMessage("app nodedemo already exists");
    assertThat(store.app("nodedemo")).contains(app("nodedemo"));
  }

  @Test
  void updatingOrFillingAMissingAppFailsWithoutConflict() {
    assertThatThrownBy(() -> store.updateApp(app("ghost")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isFalse())
        .hasMessage("app ghost does not exist");
    assertThatThrownBy(() -> store.putRelease(release("ghost", "R1", Map.of())))
        .hasMessage("app ghost does not exist");
    assertThatThrownBy(() -> store.putBuild(new Build("B1", "ghost", null, null, null, null,
        null, null, null))).hasMessage("app ghost does not exist");
    assertThatThrownBy(() -> store.putEndpoint(new Endpoint("ghost", "web", "127.0.0.2", 80)))
        .hasMessage("app ghost does not exist");
    assertThat(store.apps()).isEmpty();
  }

  @Test
  void buildsRoundTripEveryFieldNewestFirstAndReplaceById() {
    store.insertApp(app("nodedemo"));
    Build b1 = new Build("B1", "nodedemo", "complete", "R1", "first", "services: {}",
        T0, T0.plusMillis(1500), "step 1\nstep 2 \u2713\n");
    Build b2 = new Build("B2", "nodedemo", "running", null, null, null, T0, null, null);
    store.putBuild(b1);
    store.putBuild(b2);
    reopen();
    assertThat(store.build("nodedemo", "B1")).contains(b1);
    assertThat(store.build("nodedemo", "B2")).contains(b2);
    assertThat(store.builds("nodedemo")).containsExactly(b2, b1);

    Build b1failed = new Build("B1", "nodedemo", "failed", null, "first", null, T0, T0,
        "error: boom");
    store.putBuild(b1failed);
    reopen();
    assertThat(store.build("nodedemo", "B1")).contains(b1failed);
    assertThat(store.builds("nodedemo")).as("replacing keeps its place")
        .containsExactly(b2, b1failed);
  }

  @Test
  void releasesRoundTripEveryFieldAndEnvOrder() {
    store.insertApp(app("nodedemo"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZED", "last letter first");
    env.put("A", "");
    env.put("MULTI", "line 1\nline 2, \"quoted\" = 'x'; DROP TABLE apps; --");
    env.put("UNICODE", "\u00e9\u00e8 \ud83d\ude80");
    Release full = release("nodedemo", "R1", env);
    Release nulls = new Release("R2", "nodedemo", null, null, null, null, null, null);
    Release empty = new Release("R3", "nodedemo", null, Map.of(), null, null, null, null);
    store.putRelease(full);
    store.putRelease(nulls);
    store.putRelease(empty);
    reopen();
    Release back = store.release("nodedemo", "R1").orElseThrow();
    assertThat(back).isEqualTo(full);
    assertThat(back.env()).containsExactly(entry("ZED", "last letter first"), entry("A", ""),
        entry("MULTI", env.get("MULTI")), entry("UNICODE", env.get("UNICODE")));
    assertThat(store.release("nodedemo", "R2")).contains(nulls);
    assertThat(store.release("nodedemo", "R2").orElseThrow().env()).isNull();
    assertThat(store.release("nodedemo", "R3").orElseThrow().env()).isNotNull().isEmpty();
    assertThat(store.releases("nodedemo")).containsExactly(empty, nulls, full);
    assertThat(store.releases("nodedemo").get(2).env()).containsExactlyEntriesOf(env);
    assertThat(store.release("other", "R1")).isEmpty();
  }

  @Test
  void newestFirstFollowsInsertionEvenWithEqualOrOlderTimestamps() {
    store.insertApp(app("nodedemo"));
    store.insertApp(app("other"));
    assertThat(store.latestRelease("nodedemo")).isEmpty();
    for (int i = 1; i <= 5; i++) {
      // Equal for the first three, then going back in time: order must not depend on it.
      Instant created = i <= 3 ? T0 : T0.minusSeconds(i);
      store.putRelease(new Release("R" + i, "nodedemo", null, Map.of("N", "" + i), null,
          created, "created", null));
    }
    store.putRelease(release("other", "R9", Map.of()));
    // Updating an old release (promotion marks it active) must not make it the newest.
    store.putRelease(new Release("R2", "nodedemo", null, Map.of("N", "2"), null, T0, "active",
        "promoted"));
    reopen();
    assertThat(store.releases("nodedemo")).extracting(Release::id)
        .containsExactly("R5", "R4", "R3", "R2", "R1");
    assertThat(store.releases("nodedemo")).extracting(r -> r.env().get("N"))
        .containsExactly("5", "4", "3", "2", "1");
    assertThat(store.latestRelease("nodedemo").orElseThrow().id()).isEqualTo("R5");
    assertThat(store.latestRelease("nodedemo").orElseThrow().env()).containsExactly(
        entry("N", "5"));
    assertThat(store.release("nodedemo", "R2").orElseThrow().status()).isEqualTo("active");
    assertThat(store.latestRelease("other").orElseThrow().id()).isEqualTo("R9");
  }

  @Test
  void anIdOfAnotherAppIsAConflictNotAMove() {
    store.insertApp(app("a"));
    store.insertApp(app("b"));
    store.putRelease(release("a", "R1", Map.of("K", "v")));
    store.putBuild(new Build("B1", "a", "complete", null, null, null, null, null, null));
    assertThatThrownBy(() -> store.putRelease(release("b", "R1", Map.of())))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
        .hasMessage("release R1 belongs to app a");
    assertThatThrownBy(() -> store.putBuild(
        new Build("B1", "b", "failed", null, null, null, null, null, null)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
        .hasMessage("build B1 belongs to app a");
    assertThat(store.release("a", "R1").orElseThrow().env()).containsExactly(entry("K", "v"));
    assertThat(store.build("a", "B1").orElseThrow().status()).isEqualTo("complete");
    assertThat(store.releases("b")).isEmpty();
    assertThat(store.builds("b")).isEmpty();
  }

  @Test
  void deleteAppCascadesToItsBuildsReleasesEnvAndEndpointsOnly() {
    for (String name : List.of("doomed", "kept")) {
      store.insertApp(app(name));
      store.putBuild(new Build("B-" + name, name, "complete", null, null, null, T0, T0, "ok"));
      store.putRelease(release(name, "R-" + name, Map.of("SECRET", name)));
    }
    store.putEndpoint(new Endpoint("doomed", "web", "127.0.0.5", 3000));
    store.putEndpoint(new Endpoint("kept", "web", "127.0.0.6", 3000));
    store.deleteApp("doomed");
    store.deleteApp("never-existed");
    reopen();
    assertThat(store.app("doomed")).isEmpty();
    assertThat(store.builds("doomed")).isEmpty();
    assertThat(store.releases("doomed")).isEmpty();
    assertThat(store.endpoint("doomed", "web")).isEmpty();
    assertThat(store.endpoints()).containsExactly(new Endpoint("kept", "web", "127.0.0.6", 3000));
    assertThat(store.releases("kept")).hasSize(1);
    assertThat(store.builds("kept")).hasSize(1);

    // Nothing of the old app survives into a new one of the same name, env rows included.
    store.insertApp(app("doomed"));
    store.putRelease(release("doomed", "R-doomed", null));
    store.putEndpoint(new Endpoint("kept", "api", "127.0.0.5", 3000));
    assertThat(store.release("doomed", "R-doomed").orElseThrow().env()).isNull();
    assertThat(store.builds("doomed")).isEmpty();
  }

  @Test
  void paramsMergeAndNullRemoves() {
    assertThat(store.params()).isEmpty();
    store.putParams(Map.of("Zeta", "1", "Alpha", "2"));
    store.putParams(Map.of("Alpha", "3", "Beta", ""));
    reopen();
    assertThat(store.params()).containsExactly(entry("Alpha", "3"), entry("Beta", ""),
        entry("Zeta", "1"));
    Map<String, String> remove = new HashMap<>();
    remove.put("Zeta", null);
    store.putParams(remove);
    assertThat(store.params()).containsOnlyKeys("Alpha", "Beta");
  }

  @Test
  void endpointsRoundTripReassignAndRefuseATakenHostPort() {
    store.insertApp(app("billing"));
    store.insertApp(app("nodedemo"));
    Endpoint api = new Endpoint("billing", "api", "127.0.0.5", 3000);
    store.putEndpoint(api);
    store.putEndpoint(api); // re-assigning the same is fine
    store.putEndpoint(new Endpoint("nodedemo", "web", "127.0.0.5", 3001));
    assertThatThrownBy(() -> store.putEndpoint(new Endpoint("nodedemo", "web2", "127.0.0.5",
        3000)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
        .hasMessage("endpoint 127.0.0.5:3000 is already assigned to billing/api");
    store.putEndpoint(new Endpoint("nodedemo", "v6", "::1", 3000));
    assertThatThrownBy(() -> store.putEndpoint(new Endpoint("billing", "v6", "::1", 3000)))
        .hasMessage("endpoint [::1]:3000 is already assigned to nodedemo/v6");
    reopen();
    assertThat(store.endpoint("billing", "api")).contains(api);
    assertThat(store.endpoint("nodedemo", "web2")).isEmpty();

    // Moving billing/api frees its old address for someone else.
    store.putEndpoint(new Endpoint("billing", "api", "127.0.0.7", 3000));
    store.putEndpoint(new Endpoint("nodedemo", "web2", "127.0.0.5", 3000));
    assertThat(store.endpoints()).containsExactly(
        new Endpoint("billing", "api", "127.0.0.7", 3000),
        new Endpoint("nodedemo", "v6", "::1", 3000),
        new Endpoint("nodedemo", "web", "127.0.0.5", 3001),
        new Endpoint("nodedemo", "web2", "127.0.0.5", 3000));
  }

  @Test
  void aClosedStoreSaysSoAndCloseIsIdempotent() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.apps()).isInstanceOf(StoreException.class)
        .hasMessage("rack.db is closed");
  }
}
