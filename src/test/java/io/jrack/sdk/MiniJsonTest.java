package io.jrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.SystemInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK reads with {@link MiniJson} what the API server writes with Jackson ({@link Json#mapper()}),
 * and the reverse: every record the API carries goes both ways and comes back equal.
 */
class MiniJsonTest {
  static final Instant T1 = Instant.parse("2026-11-24T08:03:06.385571604Z");
  static final Instant T2 = Instant.parse("2026-01-02T03:04:05Z");
  static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n bell \u0007 é ✓ \uD83D\uDE00";

  static final List<Object> SAMPLES = List.of(
      new App("demo", "running", "RABC", T1),
      new App("bare", null, null, null),
      new Build("B1", "demo", "complete", "R1", AWKWARD, "services:\n  web: {}\n", T1, T2, "line 1\nline 2\n"),
      new ProcessInfo("p-1", "demo", "web", "running", "R1", T2, "java Api.java", "127.0.0.1", 41234),
      new Release("R1", "demo", "B1", new LinkedHashMap<>(Map.of("A", "1", "B", AWKWARD)), "m", T1, "active", "env add:A"),
      new Release("R2", "demo", null, Map.of(), null, null, "created", null),
      new ResourceInfo("db", "postgres", "postgres://u:p@127.0.0.1:5432/app", "running", "15", 2, T1),
      new ServiceInfo("web", "demo-web.dev.localhost", List.of(new ServiceInfo.PortMapping(80, 3000), new ServiceInfo.PortMapping(443, 3000)), 2),
      new ServiceInfo("worker", null, List.of(), 0),
      new SystemInfo("dev", "local", "dev.localhost", "running", "0.1.0", new LinkedHashMap<>(Map.of("Internal", "Yes"))));

  @Test
  void readsWhatTheServerWrites() throws Exception {
    for (Object sample : SAMPLES) {
      String json = Json.mapper().writeValueAsString(sample);
      Object read = MiniJson.read(json, sample.getClass());
      assertThat(read).as(json).isEqualTo(sample);
    }
  }

  @Test
  void theServerReadsWhatItWrites() throws Exception {
    for (Object sample : SAMPLES) {
      String json = MiniJson.write(sample);
      assertThat(Json.mapper().readValue(json, sample.getClass())).as(json).isEqualTo(sample);
      assertThat(json).as("null fields are left out, as the server leaves them out").isEqualTo(Json.mapper().writeValueAsString(sample));
    }
  }

  @Test
  void listsAndMapsAsTheApiCarriesThem() throws Exception {
    List<ServiceInfo> services = List.of((ServiceInfo) SAMPLES.get(7), (ServiceInfo) SAMPLES.get(8));
    assertThat(MiniJson.readList(Json.mapper().writeValueAsString(services), ServiceInfo.class)).isEqualTo(services);
    Map<String, String> env = Map.of("A", AWKWARD, "EMPTY", "");
    assertThat(MiniJson.readMap(Json.mapper().writeValueAsString(env), String.class)).isEqualTo(env);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("env", env);
    request.put("replace", true);
    request.put("keys", List.of("A", "B"));
    request.put("none", null);
    assertThat(Json.mapper().readValue(MiniJson.write(request), new TypeReference<Map<String, Object>>() {})).isEqualTo(request);
  }

  @Test
  void prettyIsLaidOutAsJacksonLaysItOut() throws Exception {
    List<Object> values = List.of(
        List.of(SAMPLES.get(7), SAMPLES.get(8)), List.of(), SAMPLES.get(4), SAMPLES.get(9), Map.of(), List.of(List.of(1, 2), List.of()));
    for (Object v : values) {
      assertThat(MiniJson.pretty(v)).isEqualTo(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
    }
  }

  @Test
  void unknownFieldsAreIgnoredAndMissingOnesEmpty() {
    App a = MiniJson.read("{\"name\":\"x\",\"later\":{\"a\":[1,2.5e3,-3,true,null]},\"status\":\"running\"}", App.class);
    assertThat(a).isEqualTo(new App("x", "running", null, null));
    ServiceInfo s = MiniJson.read(" { \"name\" : \"w\" } ", ServiceInfo.class);
    assertThat(s).isEqualTo(new ServiceInfo("w", null, null, 0));
  }

  @Test
  void parsesJsonValues() {
    assertThat(MiniJson.parse("[1, -2, 3.5, 1e2, 12345678901234567890, \"\\u00e9\\n\", false, null, {}]"))
        .isEqualTo(java.util.Arrays.asList(1L, -2L, 3.5, 100.0, 1.2345678901234567e19, "é\n", false, null, Map.of()));
  }

  @Test
  void malformedDocumentsAreErrorsThatSayWhere() {
    for (String bad : List.of("", "{", "[1,", "{\"a\" 1}", "{\"a\":tru}", "\"open", "[1] 2", "{\"a\":\"\\x\"}", "<html>")) {
      assertThatThrownBy(() -> MiniJson.parse(bad)).as(bad).isInstanceOf(MiniJson.JsonError.class).hasMessageContaining("at offset");
    }
    assertThatThrownBy(() -> MiniJson.read("[]", App.class)).isInstanceOf(MiniJson.JsonError.class).hasMessageContaining("App");
    assertThatThrownBy(() -> MiniJson.read("{\"port\":\"x\"}", ProcessInfo.class)).isInstanceOf(MiniJson.JsonError.class);
  }
}
