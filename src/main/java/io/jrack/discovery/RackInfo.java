package io.jrack.discovery;

import java.util.List;

/**
 * What discovery needs to know about the rack: its name, the host public services are named under,
 * and the public listeners actually serving (e.g. http on 80 and https on 443).
 */
public record RackInfo(String name, String routerHost, List<Listener> listeners) {

  /** A public router listener. */
  public record Listener(String scheme, int port) {}

  public static RackInfo of(String name, String routerHost, int httpPort, int httpsPort) {
    return new RackInfo(name, routerHost, List.of(new Listener("http", httpPort), new Listener("https", httpsPort)));
  }
}
