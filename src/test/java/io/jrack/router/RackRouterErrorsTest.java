package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrack.testing.TestRack;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's own errors are a figure the rack shows: {@code GET /system}'s outputs ({@code convox rack}'s data). */
class RackRouterErrorsTest {

  @Test
  void theRackShowsHowManyUnexpectedErrorsItsRouterHad(@TempDir Path dir) throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      assertThat(rack.client.systemGet().outputs()).containsEntry("RouterUnexpectedErrors", "0");
      // A listener of the rack's own router whose routing throws, as a bug in the router would.
      Channel buggy = rack.server.router().bind("127.0.0.1", 0, null, "http", request -> {
        throw new IllegalStateException("a bug in the router");
      });
      int port = ((InetSocketAddress) buggy.localAddress()).getPort();
      for (int i = 0; i < 2; i++) {
        try (Socket c = new Socket("127.0.0.1", port)) {
          c.setSoTimeout(10_000);
          RouterErrorsTest.send(c, "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
          assertThat(c.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(rack.client.systemGet().outputs()).containsEntry("RouterUnexpectedErrors", "2"));
      buggy.close().sync();
    }
  }
}
