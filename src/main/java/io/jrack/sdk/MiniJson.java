package io.jrack.sdk;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's JSON: a small reader and writer for the rack API's answers and requests, and their binding
 * to the {@code io.jrack.rack} records. Jackson databind (which the API server keeps, {@link Json})
 * costs a CLI command more than the rest of its start-up together: building an {@code ObjectMapper}
 * initialises {@code StdDateFormat}, a {@code Calendar} and the CLDR locale data, and any Jackson parser
 * initialises {@code BigDecimal}, which on JDK 25 squares its way to 5^65536 at class initialisation.
 *
 * <p>It reads what {@link Json#mapper()} writes and writes what it reads, for the types the API
 * carries: records (by component name; unknown fields are ignored, missing ones are null, 0 or false;
 * null fields are left out when writing), {@code String}, {@code int}, {@code long}, {@code boolean},
 * {@code double} and their boxes, {@link Instant} (ISO-8601), {@link Duration}, enums, {@code List} and
 * {@code Map<String, T>}. Numbers are read as {@code Long} when integral, else {@code Double}.
 */
public final class MiniJson {
  private static final String HEX = "0123456789ABCDEF";

  private MiniJson() {}

  /** A malformed document, or one that does not fit the type asked for. */
  public static final class JsonError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonError(String message) {
      super(message);
    }
  }

  // ---- reading

  /** Parses a whole document: a {@code Map} (ordered), {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null. */
  public static Object parse(String text) {
    Reader r = new Reader(text);
    r.space();
    Object value = r.value();
    r.space();
    if (r.at < text.length()) {
      throw r.error("unexpected text after the value");
    }
    return value;
  }

  /** Parses {@code text} and binds it to {@code type} (a class, or a parameterized {@code List}/{@code Map}). */
  public static <T> T read(String text, Type type) {
    @SuppressWarnings("unchecked")
    T t = (T) bind(parse(text), type);
    return t;
  }

  /** Parses {@code text} as an array of {@code element}s. */
  public static <T> List<T> readList(String text, Class<T> element) {
    Object value = parse(text);
    if (!(value instanceof List<?> l)) {
      throw new JsonError("expected an array of " + element.getSimpleName() + ", got " + kind(value));
    }
    List<T> out = new ArrayList<>(l.size());
    for (Object o : l) {
      out.add(element.cast(bind(o, element)));
    }
    return out;
  }

  /** Parses {@code text} as an object whose values are {@code value}s. */
  public static <T> Map<String, T> readMap(String text, Class<T> value) {
    Object parsed = parse(text);
    if (!(parsed instanceof Map<?, ?> m)) {
      throw new JsonError("expected an object, got " + kind(parsed));
    }
    Map<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put((String) e.getKey(), value.cast(bind(e.getValue(), value)));
    }
    return out;
  }

  private static final class Reader {
    private final String s;
    private int at;

    Reader(String s) {
      this.s = s;
    }

    JsonError error(String what) {
      return new JsonError(what + " at offset " + at);
    }

    void space() {
      while (at < s.length()) {
        char c = s.charAt(at);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return;
        }
        at++;
      }
    }

    Object value() {
      if (at >= s.length()) {
        throw error("unexpected end of the document");
      }
      char c = s.charAt(at);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          word("true");
          return Boolean.TRUE;
        case 'f':
          word("false");
          return Boolean.FALSE;
        case 'n':
          word("null");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character '" + c + "'");
      }
    }

    private void word(String w) {
      if (!s.startsWith(w, at)) {
        throw error("expected " + w);
      }
      at += w.length();
    }

    private void expect(char c) {
      if (at >= s.length() || s.charAt(at) != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      at++;
      space();
      if (at < s.length() && s.charAt(at) == '}') {
        at++;
        return m;
      }
      while (true) {
        space();
        if (at >= s.length() || s.charAt(at) != '"') {
          throw error("expected a field name");
        }
        String key = string();
        space();
        expect(':');
        space();
        m.put(key, value());
        space();
        if (at < s.length() && s.charAt(at) == ',') {
          at++;
          continue;
        }
        expect('}');
        return m;
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      at++;
      space();
      if (at < s.length() && s.charAt(at) == ']') {
        at++;
        return l;
      }
      while (true) {
        space();
        l.add(value());
        space();
        if (at < s.length() && s.charAt(at) == ',') {
          at++;
          continue;
        }
        expect(']');
        return l;
      }
    }

    private String string() {
      at++;
      StringBuilder b = null;
      int start = at;
      while (true) {
        if (at >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(at);
        if (c == '"') {
          String done = b == null ? s.substring(start, at) : b.append(s, start, at).toString();
          at++;
          return done;
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          at++;
          continue;
        }
        if (b == null) {
          b = new StringBuilder();
        }
        b.append(s, start, at);
        if (at + 1 >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(at + 1);
        at += 2;
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (at + 4 > s.length()) {
              throw error("short \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(s.charAt(at + i), 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              code = code * 16 + d;
            }
            b.append((char) code);
            at += 4;
          }
          default -> throw error("bad escape '\\" + e + "'");
        }
        start = at;
      }
    }

    private Object number() {
      int start = at;
      boolean integral = true;
      if (s.charAt(at) == '-') {
        at++;
      }
      while (at < s.length()) {
        char c = s.charAt(at);
        if (c >= '0' && c <= '9') {
          at++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          integral = false;
          at++;
        } else {
          break;
        }
      }
      String n = s.substring(start, at);
      try {
        if (integral && n.length() <= 18) {
          return Long.parseLong(n);
        }
        return Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw error("bad number " + n);
      }
    }
  }

  // ---- binding

  /** Binds a parsed value ({@link #parse}) to {@code type}. */
  public static Object bind(Object value, Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (value == null) {
        return null;
      }
      if (List.class.isAssignableFrom(raw) || Collection.class == raw) {
        if (!(value instanceof List<?> l)) {
          throw new JsonError("expected an array for " + p + ", got " + kind(value));
        }
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) {
          out.add(bind(o, args[0]));
        }
        return out;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (!(value instanceof Map<?, ?> m)) {
          throw new JsonError("expected an object for " + p + ", got " + kind(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put((String) e.getKey(), bind(e.getValue(), args[1]));
        }
        return out;
      }
      throw new JsonError("cannot read " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c.isPrimitive()) {
      if (value == null) {
        return c == boolean.class ? Boolean.FALSE : c == double.class ? (Object) 0.0 : c == long.class ? (Object) 0L : (Object) 0;
      }
      return primitive(value, c);
    }
    if (value == null || c == Object.class) {
      return value;
    }
    if (c == String.class) {
      return value instanceof String s ? s : value.toString();
    }
    if (c == Integer.class || c == Long.class || c == Boolean.class || c == Double.class) {
      return primitive(value, c);
    }
    if (c == Instant.class) {
      return value instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.parse((String) value);
    }
    if (c == Duration.class) {
      return value instanceof Number n ? Duration.ofSeconds(n.longValue()) : Duration.parse((String) value);
    }
    if (c.isEnum()) {
      for (Object k : c.getEnumConstants()) {
        if (((Enum<?>) k).name().equals(value)) {
          return k;
        }
      }
      throw new JsonError("no " + c.getSimpleName() + " named " + value);
    }
    if (c.isRecord()) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new JsonError("expected an object for " + c.getSimpleName() + ", got " + kind(value));
      }
      RecordComponent[] parts = c.getRecordComponents();
      Class<?>[] types = new Class<?>[parts.length];
      Object[] args = new Object[parts.length];
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        args[i] = bind(m.get(parts[i].getName()), parts[i].getGenericType());
      }
      try {
        Constructor<?> k = c.getDeclaredConstructor(types);
        k.setAccessible(true);
        return k.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new JsonError("cannot make a " + c.getSimpleName() + ": " + e);
      }
    }
    throw new JsonError("cannot read " + c.getName());
  }

  private static Object primitive(Object value, Class<?> c) {
    if (c == boolean.class || c == Boolean.class) {
      if (value instanceof Boolean b) {
        return b;
      }
      throw new JsonError("expected true or false, got " + kind(value));
    }
    if (!(value instanceof Number n)) {
      throw new JsonError("expected a number, got " + kind(value));
    }
    if (c == int.class || c == Integer.class) {
      return n.intValue();
    }
    if (c == long.class || c == Long.class) {
      return n.longValue();
    }
    return n.doubleValue();
  }

  private static String kind(Object v) {
    return v instanceof Map ? "an object" : v instanceof List ? "an array" : v instanceof String ? "a string" : String.valueOf(v);
  }

  // ---- writing

  /** Compact JSON, as requests carry it. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, -1);
    return b.toString();
  }

  /** Indented JSON, laid out as Jackson's default pretty printer lays it out ({@code --json} output). */
  public static String pretty(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.toString();
  }

  /** {@code indent}: -1 for compact, else the current depth. */
  private static void write(StringBuilder b, Object v, int indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      b.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        string(b, n.toString());
      } else {
        b.append(n);
      }
    } else if (v instanceof Instant || v instanceof Duration || v instanceof Enum<?> || v instanceof Character) {
      string(b, v instanceof Enum<?> e ? e.name() : v.toString());
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> fields = new LinkedHashMap<>();
      m.forEach((k, x) -> fields.put(String.valueOf(k), x));
      object(b, fields, indent, false);
    } else if (v instanceof Collection<?> l) {
      array(b, l, indent);
    } else if (v instanceof Object[] a) {
      array(b, List.of(a), indent);
    } else if (v.getClass().isRecord()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (RecordComponent rc : v.getClass().getRecordComponents()) {
        try {
          var accessor = rc.getAccessor();
          accessor.setAccessible(true);
          fields.put(rc.getName(), accessor.invoke(v));
        } catch (ReflectiveOperationException e) {
          throw new JsonError("cannot read " + v.getClass().getSimpleName() + "." + rc.getName() + ": " + e);
        }
      }
      object(b, fields, indent, true);
    } else {
      throw new JsonError("cannot write a " + v.getClass().getName());
    }
  }

  /** Records leave null fields out (as {@link Json#mapper()} does); maps keep them. */
  private static void object(StringBuilder b, Map<String, Object> fields, int indent, boolean skipNulls) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (skipNulls && e.getValue() == null) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      if (indent >= 0) {
        newline(b, indent + 1);
      }
      string(b, e.getKey());
      b.append(indent >= 0 ? " : " : ":");
      write(b, e.getValue(), indent >= 0 ? indent + 1 : -1);
    }
    if (indent >= 0) {
      if (first) {
        b.append(' ');
      } else {
        newline(b, indent);
      }
    }
    b.append('}');
  }

  private static void array(StringBuilder b, Collection<?> l, int indent) {
    b.append('[');
    if (indent >= 0) {
      b.append(' ');
    }
    boolean first = true;
    for (Object o : l) {
      if (!first) {
        b.append(indent >= 0 ? ", " : ",");
      }
      first = false;
      write(b, o, indent);
    }
    if (indent >= 0 && !first) {
      b.append(' ');
    }
    b.append(']');
  }

  private static void newline(StringBuilder b, int depth) {
    b.append('\n');
    for (int i = 0; i < depth; i++) {
      b.append("  ");
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
