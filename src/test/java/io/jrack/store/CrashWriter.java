package io.jrack.store;

import io.jrack.rack.App;
import io.jrack.rack.Release;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child process of {@link CrashDurabilityTest}: writes releases until killed, printing each id
 * only after the write that stored it has returned, so every printed id is a promise the store
 * made. Odd releases go through {@link Store#transaction} with a second write, so a kill can land
 * inside a multi-statement transaction too.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    SqliteStore store = SqliteStore.open(Path.of(args[0]));
    store.insertApp(new App("crash", "running", null, Instant.now()));
    out.println("ready");
    out.flush();
    for (int i = 0; ; i++) {
      String id = "R" + i;
      Map<String, String> env = new LinkedHashMap<>();
      for (int k = 0; k < 20; k++) {
        env.put("KEY_" + k, "value " + k + " of release " + i + " " + "x".repeat(200));
      }
      Release release = new Release(id, "crash", "B" + i, env, "services: {}", Instant.now(),
          "created", "crash test " + i);
      if (i % 2 == 0) {
        store.putRelease(release);
      } else {
        store.transaction(tx -> {
          tx.putRelease(release);
          tx.putParams(Map.of("last", id));
          return null;
        });
      }
      out.println(id);
      out.flush();
    }
  }
}
