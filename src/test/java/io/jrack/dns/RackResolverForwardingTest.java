package io.jrack.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** Where names outside the rack go, and what a client gets when they cannot go anywhere. */
class RackResolverForwardingTest {

  @Test
  void anUpstreamThatNeverAnswersGivesServfailInBoundedTime() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        ResolverFixture dns = new ResolverFixture(b -> b
            .upstreams(List.of((InetSocketAddress) silent.getLocalSocketAddress()))
            .forwardTimeout(Duration.ofMillis(200)))) {
      long t0 = System.nanoTime();
      assertThat(dns.query("www.example.test.").getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
    }
  }

  @Test
  void withNoUpstreamOtherNamesAreRefusedAndTheRacksStillAnswered() throws Exception {
    try (ResolverFixture dns = new ResolverFixture(b -> b.upstreams(List.of()))) {
      dns.records.publish("shop", "api", List.of(), List.of(Instance.healthy("api-a", FakeUpstream.address("127.0.0.11"))));
      assertThat(dns.query("www.example.test.").getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(ResolverFixture.addresses(dns.query("api.shop.dev.local."))).containsExactly("127.0.0.11");
    }
  }

  @Test
  void theMachinesResolversAreTheNameserversOfEtcResolvConf() throws Exception {
    Path conf = Path.of("/etc/resolv.conf");
    List<String> expected = Files.exists(conf)
        ? Files.readAllLines(conf).stream().map(String::trim).filter(l -> l.startsWith("nameserver"))
            .map(l -> FakeUpstream.address(l.split("\\s+")[1]).getHostAddress()).toList()
        : List.of();
    assertThat(RackResolverBuilder.machineResolvers()).extracting(a -> a.getAddress().getHostAddress())
        .containsExactlyElementsOf(expected);
  }
}
