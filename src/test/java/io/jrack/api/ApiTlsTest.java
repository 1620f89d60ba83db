package io.jrack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.cli.Main;
import io.jrack.rack.ProviderException;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.TestRack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with the rack's own certificate (what any non-loopback address gets). */
class ApiTlsTest {

  @Test
  void httpsApiWithTheRackCaAndRefusedWithoutIt(@TempDir Path tmp) throws Exception {
    try (RackServer rack = RackServer.builder().dir(tmp.resolve("rack")).apiPort(0).apiTls(true).routerBind("127.0.0.1")
        .httpPort(-1).httpsPort(-1).password(TestRack.PASSWORD).start()) {
      assertThat(rack.apiUrl()).startsWith("https://127.0.0.1:");
      String ca = rack.certificateAuthority().certificatePem();

      RackClient trusted = new RackClient(URI.create(rack.apiUrl()), TestRack.PASSWORD, ca);
      trusted.auth();
      assertThat(trusted.appCreate("secure").name()).isEqualTo("secure");

      RackClient untrusting = new RackClient(URI.create(rack.apiUrl()), TestRack.PASSWORD);
      assertThatThrownBy(untrusting::auth).isInstanceOf(ProviderException.class).hasMessageContaining("RACK_CA");

      RackClient plain = new RackClient(URI.create(rack.apiUrl().replace("https://", "http://")), TestRack.PASSWORD);
      assertThatThrownBy(plain::appList).isInstanceOf(ProviderException.class);

      Path caFile = tmp.resolve("ca.pem");
      Files.writeString(caFile, ca);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(Map.of("RACK_URL", rack.apiUrl().replace("https://", "https://convox:" + TestRack.PASSWORD + "@"), "RACK_CA", caFile.toString()),
          new PrintWriter(out, true), new PrintWriter(err, true), "apps");
      assertThat(err.toString()).isEmpty();
      assertThat(code).isZero();
      assertThat(out.toString()).contains("secure");
    }
  }
}
