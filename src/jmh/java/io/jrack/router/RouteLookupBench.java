package io.jrack.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The router's Host lookup among 10,000 published host names (plus one wildcard domain), with the
 * port a browser sends: the work done per request before anything is sent upstream. In the router's
 * package because the table is not public.
 */
@State(Scope.Thread)
public class RouteLookupBench {
  static final int HOSTS = 10_000;

  RouteTable table;
  String[] headers;
  int i;

  @Setup
  public void build() {
    table = new RouteTable();
    List<String> names = new ArrayList<>();
    for (int n = 0; n < HOSTS; n++) {
      names.add("app" + n + "-web.dev.localhost");
    }
    table.publish("big", Map.of(table.service("big", "web"), names));
    table.publish("wild", Map.of(table.service("wild", "web"), List.of("*.wild.example.org")));
    headers = new String[1024];
    for (int n = 0; n < headers.length; n++) {
      headers[n] = "App" + (n * 9973 % HOSTS) + "-Web.dev.localhost:80";
    }
  }

  @Benchmark
  public Target exactHost() {
    Target t = table.lookup(headers[i++ & (headers.length - 1)]);
    if (t == null) {
      throw new IllegalStateException("a published host was not found");
    }
    return t;
  }

  @Benchmark
  public Target wildcardHost() {
    return table.lookup("api.eu.wild.example.org");
  }
}
