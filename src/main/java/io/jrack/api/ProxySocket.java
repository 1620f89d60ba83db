package io.jrack.api;

import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * {@code SOCKET /proxy/{host}/{port}} (Convox's Proxy, {@code convox proxy}): a websocket whose messages
 * carry a TCP connection's bytes, raw, both ways ({@link ProxyRelay}). Served by Jetty's websocket core
 * rather than Javalin's API: Convox's clients send and read those bytes as <em>text</em> messages
 * (stdsdk's AdapterWs), which are not UTF-8 when the protocol is binary; the API layer would refuse them
 * (close 1007) and could only send text as Java strings. Authenticated here, before the upgrade, as
 * every other route is.
 */
final class ProxySocket extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String ROUTE = "/proxy/{host}/{port}";
  /**
   * The subprotocol a client offers to get the target's bytes as binary messages (ours; Convox's clients
   * offer none and get text, as from a Convox rack). A client whose websocket decodes text (the JDK's)
   * needs it.
   */
  static final String BINARY = "binary";

  private final transient Provider provider;
  private final transient BasicAuth auth;

  ProxySocket(Provider provider, BasicAuth auth) {
    this.provider = provider;
    this.auth = auth;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!auth.accepts(req.getHeader("Authorization"))) {
      resp.setHeader("WWW-Authenticate", "Basic realm=\"convox\"");
      error(resp, 401, "invalid authentication");
      return;
    }
    String[] parts = req.getPathInfo() == null ? new String[0] : req.getPathInfo().substring(1).split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty()) {
      error(resp, 404, "no such route: " + req.getMethod() + " " + req.getRequestURI() + " (expected: /proxy/HOST/PORT)");
      return;
    }
    String host = parts[0];
    int port;
    try {
      port = Integer.parseInt(parts[1]);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      error(resp, 400, "port: \"" + parts[1] + "\" (expected: a number 1-65535)");
      return;
    }
    WebSocketComponents components = WebSocketServerComponents.ensureWebSocketComponents(
        ContextHandler.getContextHandler(getServletContext()).getServer(), getServletContext());
    boolean upgraded = Handshaker.newInstance().upgradeRequest(
        WebSocketNegotiator.from(negotiation -> {
          boolean binary = negotiation.getOfferedSubprotocols().contains(BINARY);
          if (binary) {
            negotiation.setSubprotocol(BINARY);
          }
          return new ProxyRelay(() -> provider.proxyTarget(host, port), host + ":" + port, binary);
        }),
        req, resp, components, config -> config.setIdleTimeout(java.time.Duration.ZERO));
    if (!upgraded && !resp.isCommitted()) {
      error(resp, 400, "proxy: expected a websocket upgrade (Connection: Upgrade, Upgrade: websocket)");
    }
  }

  private static void error(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.getOutputStream().write(("{\"error\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    try {
      return ServerJson.mapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "\"error\"";
    }
  }

  /** A failure to resolve or reach the target, said on the socket as Convox's API says it. */
  static String refusal(RuntimeException e) {
    return "ERROR: " + (e instanceof ProviderException ? e.getMessage() : "internal error: " + e.getClass().getSimpleName()) + "\n";
  }
}
