package io.jrack.api;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's parameters as the Convox client sends them (stdsdk): form fields
 * ({@code application/x-www-form-urlencoded}, or multipart) and headers, read as Convox's server reads
 * them (stdapi {@code Context.Value}: the form field, else the header of that name).
 */
final class Forms {
  private Forms() {}

  /** The field, else the header, else null; blank counts as absent, as in Convox. */
  static String value(Context ctx, String name) {
    String v = ctx.formParam(name);
    if (v == null || v.isEmpty()) {
      v = ctx.header(name);
    }
    return v == null || v.isEmpty() ? null : v;
  }

  static String required(Context ctx, String name) {
    String v = value(ctx, name);
    if (v == null || v.isBlank()) {
      throw new ApiServer.BadInput("missing " + name + " (expected: a form field " + name + "=...)");
    }
    return v;
  }

  /** A number field: null when absent. */
  static Integer integer(Context ctx, String name) {
    String v = value(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new ApiServer.BadInput(name + ": \"" + v + "\" (expected: a whole number)");
    }
  }

  /** A flag field: {@code true} only for the text {@code true}, as Go's stdapi reads it. */
  static boolean flag(Context ctx, String name) {
    return "true".equals(value(ctx, name));
  }

  /**
   * A map field, which stdsdk sends url-encoded inside the field ({@code parameters=A%3D1%26B%3D2}
   * for {@code {A: 1, B: 2}}); keys in the order given.
   */
  static Map<String, String> map(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.put(k, v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadInput("unreadable form encoding: \"" + s + "\" (expected: application/x-www-form-urlencoded)");
    }
  }
}
