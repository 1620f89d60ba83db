package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.rack.wire.WireCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Convox's certificate routes ({@code convox certs}, {@code convox ssl update}): list, import
 * ({@code pub}, {@code key}, {@code chain}), generate ({@code domains}, comma-separated), delete, and
 * apply to a service's port. A request body over {@link #MAX_BODY} is refused before it is read whole.
 */
final class CertificateRoutes {
  /** A certificate, its key and a chain are a few KB; a megabyte leaves room for long chains. */
  static final int MAX_BODY = 1 << 20;
  private final ApiServer server;
  private final Provider provider;

  CertificateRoutes(ApiServer server, Provider provider) {
    this.server = server;
    this.provider = provider;
  }

  void define() {
    server.get("/certificates", ctx -> ctx.json(provider.certificateList().stream().map(WireCertificate::of).toList()));
    server.post("/certificates", ctx -> {
      Map<String, String> form = form(ctx);
      ctx.json(WireCertificate.of(provider.certificateCreate(required(form, "pub"), required(form, "key"), form.get("chain"))));
    });
    server.post("/certificates/generate", ctx -> {
      List<String> domains = Arrays.stream(required(form(ctx), "domains").split(",")).map(String::strip).filter(d -> !d.isEmpty()).toList();
      ctx.json(WireCertificate.of(provider.certificateGenerate(domains)));
    });
    server.delete("/certificates/{id}", ctx -> {
      provider.certificateDelete(ctx.pathParam("id"));
      ok(ctx);
    });
    server.put("/apps/{app}/ssl/{service}/{port}", ctx -> {
      String port = ctx.pathParam("port");
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new ApiServer.BadInput("port: \"" + port + "\" (expected: a number 1-65535)");
      }
      provider.certificateApply(ctx.pathParam("app"), ctx.pathParam("service"), p, required(form(ctx), "id"));
      ok(ctx);
    });
  }

  /**
   * The url-encoded form, read up to {@link #MAX_BODY}: a declared length over it is refused unread, an
   * undeclared one (chunked) once it passes it.
   */
  private static Map<String, String> form(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY) {
      throw tooLarge(declared);
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw tooLarge(-1);
    }
    return Forms.map(new String(body, StandardCharsets.UTF_8));
  }

  private static ProviderException tooLarge(long declared) {
    return new ProviderException(ProviderException.Kind.TOO_LARGE, "certificate request: %s (expected: at most %d bytes)"
        .formatted(declared >= 0 ? declared + " bytes" : "more than " + MAX_BODY + " bytes", MAX_BODY));
  }

  private static String required(Map<String, String> form, String name) {
    String v = form.get(name);
    if (v == null || v.isBlank()) {
      throw new ApiServer.BadInput("missing " + name + " (expected: a form field " + name + "=...)");
    }
    return v;
  }

  private static void ok(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8").result("ok\n");
  }
}
