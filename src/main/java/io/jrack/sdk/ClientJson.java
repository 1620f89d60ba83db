package io.jrack.sdk;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The SDK's JSON: Gson, which reads what the API server's Jackson ({@link Json#mapper()}) writes.
 * Not Jackson here: building an {@code ObjectMapper} initialises {@code StdDateFormat}, a
 * {@code Calendar} and the CLDR locale data, and jackson-core's parser initialises {@code BigDecimal}
 * (~30 ms of a CLI command on JDK 25). Gson's streaming reader and writer do neither unless asked.
 *
 * <p>Records bind by component name (Gson 2.10+); unknown fields are ignored, missing ones are null,
 * 0 or false; null fields are left out when writing, as the server leaves them out. {@link Instant} is
 * an ISO-8601 string, as Jackson's {@code JavaTimeModule} writes it with timestamps off.
 */
public final class ClientJson {
  private ClientJson() {}

  /** Created on first use: a command that prints no JSON and reads none builds no {@code Gson}. */
  private static final class Holder {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe()).create();
  }

  public static Gson gson() {
    return Holder.GSON;
  }

  /** {@code value} as indented JSON, for {@code --json} output. */
  public static String pretty(Object value) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setIndent("  ");
      gson().toJson(value, value == null ? Object.class : value.getClass(), w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** ISO-8601 ({@code 2026-11-24T08:03:06.385571604Z}): {@link Instant#toString()} and {@link Instant#parse}. */
  private static final class InstantAdapter extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      return Instant.parse(in.nextString());
    }
  }
}
