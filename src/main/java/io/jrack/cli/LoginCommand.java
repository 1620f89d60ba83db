package io.jrack.cli;

import io.jrack.rack.ProviderException;
import io.jrack.sdk.KnownRacks;
import io.jrack.sdk.RackAddress;
import io.jrack.sdk.RackClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox login HOST [-p PASSWORD] [--name NAME]}: checks the password with the rack, then
 * remembers it by name ({@code convox racks}) and makes it the current rack, as Convox does
 * ({@code Authenticating with HOST... OK}). HOST is {@code host:port} or a URL; plain http only for a
 * loopback host. The password: {@code -p}, else {@code CONVOX_PASSWORD}.
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Authenticate with a rack.")
final class LoginCommand extends RackCall {
  @Parameters(index = "0", paramLabel = "HOST", description = "The rack's API: host:port or a URL.")
  String host;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "The rack password (default: CONVOX_PASSWORD).")
  String password;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The name to know the rack by (default: its name).")
  String name;

  @Override
  void run() throws IOException {
    String pw = password != null ? password : context().env().get("CONVOX_PASSWORD");
    if (pw == null || pw.isEmpty()) {
      throw new UserError("login: no password (expected: -p PASSWORD, or CONVOX_PASSWORD)");
    }
    URI url = url(host);
    start("Authenticating with " + url.getAuthority());
    RackClient client = new RackClient(url, pw, context().env().get("RACK_CA") == null ? null
        : java.nio.file.Files.readString(java.nio.file.Path.of(context().env().get("RACK_CA"))));
    client.auth();
    String rackName = name != null ? name : client.systemGet().name();
    KnownRacks.Entry e = new KnownRacks.Entry(rackName, url.toString(), null, pw);
    try {
      KnownRacks.record(RackAddress.home(context().env()), e);
    } catch (IllegalArgumentException invalid) {
      throw new UserError(invalid.getMessage() + ": give one with --name");
    }
    KnownRacks.use(RackAddress.home(context().env()), e);
    ok();
  }

  static URI url(String host) {
    String h = host.strip();
    if (h.contains("://")) {
      URI u = URI.create(h);
      return URI.create(u.getScheme() + "://" + u.getRawAuthority().replaceFirst("^.*@", ""));
    }
    String bare = h.startsWith("[") ? h.substring(1, h.indexOf(']')) : h.replaceFirst(":\\d+$", "");
    try {
      boolean loopback = bare.equals("localhost") || InetAddress.getByName(bare).isLoopbackAddress();
      return URI.create((loopback ? "http://" : "https://") + h);
    } catch (java.net.UnknownHostException e) {
      throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "unknown host: " + bare);
    }
  }
}
