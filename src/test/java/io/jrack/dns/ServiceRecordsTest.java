package io.jrack.dns;

import static io.jrack.dns.FakeUpstream.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table the rack publishes instances into, and the resolver's settings: bad values say the rule. */
class ServiceRecordsTest {

  @Test
  void instancesAreAddedReplacedByIdMarkedAndRemoved() {
    ServiceRecords records = new ServiceRecords();
    records.publish("shop", "api", List.of(new ServicePort("http", 3000, "tcp")), List.of());
    records.instance("shop", "api", Instance.healthy("api-a", address("127.0.0.11")));
    records.instance("shop", "api", Instance.healthy("api-b", address("127.0.0.12")));
    records.instance("shop", "api", Instance.healthy("api-a", address("127.0.0.21")));
    records.health("shop", "api", "api-b", false);

    ServiceRecords.Entry entry = records.service("shop", "api").orElseThrow();
    assertThat(entry.instances()).extracting(Instance::id).containsExactly("api-a", "api-b");
    assertThat(entry.healthy()).singleElement().satisfies(i -> assertThat(i.addresses()).containsExactly(address("127.0.0.21")));

    records.removeInstance("shop", "api", "api-a");
    assertThat(records.service("shop", "api").orElseThrow().instances()).extracting(Instance::id).containsExactly("api-b");
    records.removeService("shop", "api");
    assertThat(records.service("shop", "api")).isEmpty();
    assertThat(records.hasApp("shop")).isTrue();
    records.removeApp("shop");
    assertThat(records.hasApp("shop")).isFalse();
    records.instance("shop", "api", Instance.healthy("api-a", address("127.0.0.11")));
    assertThat(records.hasApp("shop")).isFalse();
  }

  @Test
  void namesThatAreNotDnsLabelsAreRefusedSayingTheRule() {
    ServiceRecords records = new ServiceRecords();
    assertThatThrownBy(() -> records.publish("My_App", "api", List.of(), List.of()))
        .hasMessage("app name: \"My_App\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)");
    assertThatThrownBy(() -> Instance.healthy("9abc", address("127.0.0.1"))).hasMessageStartingWith("instance id: \"9abc\" (expected: a DNS label");
    assertThatThrownBy(() -> new Instance("api-a", List.of(), true)).hasMessage("instance api-a: no address (expected: at least one)");
    assertThatThrownBy(() -> new ServicePort(null, 70000, "tcp")).hasMessage("port: 70000 (expected: a number 1-65535)");
    assertThatThrownBy(() -> new ServicePort(null, 53, "sctp")).hasMessage("protocol: \"sctp\" (expected: tcp or udp)");
    assertThatThrownBy(() -> RackResolver.builder().rack("Dev")).hasMessageStartingWith("rack name: \"Dev\" (expected: a DNS label");
    assertThatThrownBy(() -> RackResolver.builder().ttl(Duration.ofDays(1))).hasMessage("ttl: PT24H (expected: 0 to 3600 seconds)");
    assertThatThrownBy(() -> RackResolver.builder().rack("dev").listen(new InetSocketAddress("127.0.0.1", 0)).build())
        .hasMessage("a rack resolver needs rack, records and listen (missing: records)");
  }
}
