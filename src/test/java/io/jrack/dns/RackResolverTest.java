package io.jrack.dns;

import static io.jrack.dns.FakeUpstream.address;
import static io.jrack.dns.ResolverFixture.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The rack's names, asked over real UDP and TCP on 127.0.0.1 with dnsjava's client. */
class RackResolverTest {
  private ResolverFixture dns;

  @BeforeEach
  void start() throws Exception {
    dns = new ResolverFixture();
    dns.records.publish("nodedemo", "api",
        List.of(new ServicePort("http", 3000, "tcp"), new ServicePort(null, 2181, "tcp"), new ServicePort(null, 5353, "udp")),
        List.of(Instance.healthy("api-a", address("127.0.0.11")), Instance.healthy("api-b", address("127.0.0.12")),
            Instance.healthy("api-c", address("127.0.0.13"), address("::1"))));
    dns.records.publish("nodedemo", "web", List.of(new ServicePort("http", 3000, "tcp")), List.of());
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void scaleThreeAnswersThreeAddressesWithAOneSecondTtl() throws Exception {
    Message m = dns.query("api.nodedemo.dev.local.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(addresses(m)).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertThat(m.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(1));
  }

  @Test
  void anUnhealthyInstanceLeavesTheAnswerWithinASecond() throws Exception {
    long changed = System.nanoTime();
    dns.records.health("nodedemo", "api", "api-b", false);
    List<String> seen = addresses(dns.query("api.nodedemo.dev.local."));
    long tookMillis = (System.nanoTime() - changed) / 1_000_000;

    assertThat(seen).containsExactly("127.0.0.11", "127.0.0.13");
    assertThat(tookMillis).isLessThan(1000);

    dns.records.health("nodedemo", "api", "api-b", true);
    assertThat(addresses(dns.query("api.nodedemo.dev.local."))).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
  }

  @Test
  void aaaaOnlyWhereAnInstanceHasAnIpv6Address() throws Exception {
    assertThat(addresses(dns.query("api.nodedemo.dev.local.", Type.AAAA))).containsExactly("0:0:0:0:0:0:0:1");

    dns.records.health("nodedemo", "api", "api-c", false);
    Message nodata = dns.query("api.nodedemo.dev.local.", Type.AAAA);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> {
      assertThat(r.getType()).isEqualTo(Type.SOA);
      assertThat(r.getTTL()).isEqualTo(1);
    });
  }

  @Test
  void srvGivesEachHealthyInstanceWithItsPortAndAddress() throws Exception {
    Message http = dns.query("_http._tcp.api.nodedemo.dev.local.", Type.SRV);
    assertThat(http.getSection(Section.ANSWER)).hasSize(3).allSatisfy(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(3000));
    assertThat(http.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getTarget().toString()).sorted())
        .containsExactly("api-a.api.nodedemo.dev.local.", "api-b.api.nodedemo.dev.local.", "api-c.api.nodedemo.dev.local.");
    assertThat(addresses(filter(http.getSection(Section.ADDITIONAL), Type.A))).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");

    Message tcp = dns.query("_tcp._tcp.api.nodedemo.dev.local.", Type.SRV);
    assertThat(tcp.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getPort()).sorted())
        .containsExactly(2181, 2181, 2181, 3000, 3000, 3000);
    Message udp = dns.query("_udp._udp.api.nodedemo.dev.local.", Type.SRV);
    assertThat(udp.getSection(Section.ANSWER)).hasSize(3).allSatisfy(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(5353));

    dns.records.health("nodedemo", "api", "api-a", false);
    assertThat(dns.query("_http._tcp.api.nodedemo.dev.local.", Type.SRV).getSection(Section.ANSWER)).hasSize(2);
    assertThat(dns.query("_grpc._tcp.api.nodedemo.dev.local.", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void anSrvTargetResolvesToItsInstanceWhileItIsHealthy() throws Exception {
    assertThat(addresses(dns.query("api-b.api.nodedemo.dev.local."))).containsExactly("127.0.0.12");

    dns.records.health("nodedemo", "api", "api-b", false);
    Message m = dns.query("api-b.api.nodedemo.dev.local.");
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(dns.query("api-z.api.nodedemo.dev.local.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void shortNamesResolveThroughTheSearchDomainsAContainerGets() throws Exception {
    for (String name : List.of("api", "api.nodedemo", "api.nodedemo.dev.local")) {
      Lookup lookup = new Lookup(name, Type.A);
      lookup.setResolver(dns.client());
      lookup.setSearchPath("nodedemo.dev.local", "dev.local");
      lookup.setCache(null);
      lookup.setNdots(1);
      Record[] answers = lookup.run();

      assertThat(lookup.getResult()).as(name + ": " + lookup.getErrorString()).isEqualTo(Lookup.SUCCESSFUL);
      assertThat(answers).extracting(Record::rdataToString).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13");
    }
  }

  @Test
  void anUnknownServiceOfAKnownAppIsNxdomainAndAServiceWithNoHealthyInstanceIsNodata() throws Exception {
    Message unknown = dns.query("nosuch.nodedemo.dev.local.");
    assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(unknown.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    assertThat(dns.query("api.otherapp.dev.local.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(dns.query("a.b.api.nodedemo.dev.local.").getRcode()).isEqualTo(Rcode.NXDOMAIN);

    Message none = dns.query("web.nodedemo.dev.local.");
    assertThat(none.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(none.getSection(Section.ANSWER)).isEmpty();
    assertThat(dns.query("nodedemo.dev.local.").getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(dns.upstream.asked).isEmpty();
  }

  @Test
  void namesAreCaseInsensitiveAndAnsweredOverTcpToo() throws Exception {
    assertThat(addresses(dns.query("API.NodeDemo.Dev.Local."))).hasSize(3);
    assertThat(addresses(dns.tcpQuery("api.nodedemo.dev.local.", Type.A))).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
  }

  @Test
  void otherNamesAreForwardedAndPlainNamesAreNot() throws Exception {
    Message m = dns.query("www.example.test.");
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(addresses(m)).containsExactly("127.0.0.9");
    assertThat(dns.query("nosuch.invalid.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(dns.tcpQuery("tcp.example.test.", Type.A).getSection(Section.ANSWER)).hasSize(1);
    assertThat(dns.query("plain.").getRcode()).isEqualTo(Rcode.NXDOMAIN);

    assertThat(dns.upstream.asked).containsExactly("www.example.test.", "nosuch.invalid.", "tcp.example.test.");
  }

  @Test
  void ptrOfAHealthyInstancesAddressIsItsInstanceName() throws Exception {
    Message m = dns.query("12.0.0.127.in-addr.arpa.", Type.PTR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("api-b.api.nodedemo.dev.local."));
    assertThat(dns.query("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", Type.PTR)
        .getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(r.rdataToString()).isEqualTo("api-c.api.nodedemo.dev.local."));
    assertThat(dns.upstream.asked).isEmpty();

    dns.records.health("nodedemo", "api", "api-b", false);
    assertThat(dns.query("12.0.0.127.in-addr.arpa.", Type.PTR).getSection(Section.ANSWER)).isEmpty();
    assertThat(dns.upstream.asked).containsExactly("12.0.0.127.in-addr.arpa.");
  }

  private static Message filter(List<Record> records, int type) {
    Message m = new Message();
    records.stream().filter(r -> r.getType() == type).forEach(r -> m.addRecord(r, Section.ANSWER));
    return m;
  }
}
