package io.jrack.dns;

import static io.jrack.dns.ResolverFixture.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The internal router's names, {@code <service>.<app>.<rack>.internal}, asked over real UDP on 127.0.0.1. */
class InternalRouterZoneTest {
  private ResolverFixture dns;

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void serviceNamesUnderTheInternalDomainAreTheInternalRoutersAddress() throws Exception {
    InetAddress router = InetAddress.getByName("10.89.3.1");
    dns = new ResolverFixture(b -> b.internalRouter(router));
    Message m = dns.query("api.shop.dev.internal.");
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(addresses(m)).containsExactly("10.89.3.1");
    assertThat(m.getSection(org.xbill.DNS.Section.ANSWER).get(0).getTTL()).isEqualTo(1);
    assertThat(dns.query("API.Shop.dev.internal.").getRcode()).as("case-insensitive").isEqualTo(Rcode.NOERROR);

    assertThat(dns.query("api.shop.dev.internal.", Type.AAAA).getRcode()).as("IPv4 only: NODATA").isEqualTo(Rcode.NOERROR);
    assertThat(addresses(dns.query("api.shop.dev.internal.", Type.AAAA))).isEmpty();
    assertThat(dns.query("shop.dev.internal.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(dns.query("x.api.shop.dev.internal.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(dns.upstream.asked).as("never forwarded").isEmpty();
  }

  @Test
  void withoutAnInternalRouterTheNamesAreForwardedLikeAnyOther() throws Exception {
    dns = new ResolverFixture();
    dns.query("api.shop.dev.internal.");
    assertThat(dns.upstream.asked).containsExactly("api.shop.dev.internal.");
  }
}
