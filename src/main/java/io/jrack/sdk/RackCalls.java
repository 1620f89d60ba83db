package io.jrack.sdk;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.jrack.manifest.GoDuration;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProviderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every route set shares: requests as the Convox client sends them (stdsdk's form encoding,
 * path segments escaped), answers read as {@link io.jrack.rack.wire} records, and error answers thrown
 * as {@link ProviderException}. The route sets extend it so that each reads like the Convox routes it calls.
 */
abstract class RackCalls {
  final Http http;

  RackCalls(Http http) {
    this.http = http;
  }

  <T> T get(String path, Class<T> type) {
    return read(send("GET", path), type);
  }

  <T> List<T> list(String method, String path, Class<T> element) {
    return read(send(method, path), TypeToken.getParameterized(List.class, element));
  }

  <T> T read(Http.Response response, Class<T> type) {
    return type.cast(read(response, TypeToken.get(type)));
  }

  @SuppressWarnings("unchecked")
  <T> T read(Http.Response response, TypeToken<?> type) {
    check(response);
    try {
      return (T) ClientJson.gson().fromJson(response.body(), type);
    } catch (JsonParseException | java.time.DateTimeException e) {
      throw unreadable(e);
    }
  }

  static ProviderException unreadable(RuntimeException e) {
    return new ProviderException(ProviderException.Kind.INTERNAL, "unreadable answer from the rack: " + e.getMessage());
  }

  void check(Http.Response response) {
    if (response.status() >= 400) {
      throw RackClient.error(response.status(), response.body());
    }
  }

  Http.Response send(String method, String path) {
    return http.exchange(method, path, null, null);
  }

  <T> T form(String method, String path, Map<String, String> params, Class<T> type) {
    return read(sendForm(method, path, params), type);
  }

  /** Parameters as stdsdk sends them: {@code application/x-www-form-urlencoded}. */
  Http.Response sendForm(String method, String path, Map<String, String> params) {
    return http.exchange(method, path, "application/x-www-form-urlencoded", encode(params).getBytes(StandardCharsets.UTF_8));
  }

  static String encode(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return b.toString();
  }

  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The headers of structs.LogsOptions, as the app's and the rack's log sockets take them; each line has its time and source. */
  static Map<String, String> logHeaders(LogOptions options) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Follow", Boolean.toString(options.follow()));
    headers.put("Prefix", "true");
    if (options.since() != null) {
      headers.put("Since", GoDuration.format(options.since()));
    }
    return headers;
  }
}
