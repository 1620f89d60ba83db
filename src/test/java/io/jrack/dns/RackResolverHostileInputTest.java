package io.jrack.dns;

import static io.jrack.dns.FakeUpstream.address;
import static io.jrack.dns.ResolverFixture.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What a hostile or broken client can send: nothing it sends gets an answer it should not, makes
 * the answer bigger than allowed, or stops the server answering the next good query.
 */
class RackResolverHostileInputTest {
  private ResolverFixture dns;

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  private void start() throws IOException {
    dns = new ResolverFixture();
    dns.records.publish("nodedemo", "api", List.of(new ServicePort("http", 3000, "tcp")),
        List.of(Instance.healthy("api-a", address("127.0.0.11"))));
  }

  @Test
  void garbageTruncatedHugeAndLoopingPacketsGetNoAnswerAndTheServerGoesOn() throws Exception {
    start();
    byte[] good = Message.newQuery(Record.newRecord(Name.fromString("api.nodedemo.dev.local."), Type.A, DClass.IN)).toWire();
    byte[] random = new byte[300];
    new Random(17).nextBytes(random);
    // A name that is a compression pointer to itself (offset 12), then one pointing forward past itself.
    byte[] selfPointer = Arrays.copyOf(Arrays.copyOf(good, 12), 18);
    selfPointer[5] = 1;
    selfPointer[12] = (byte) 0xC0;
    selfPointer[13] = 12;
    byte[] forwardPointer = selfPointer.clone();
    forwardPointer[13] = 16;
    byte[] huge = Arrays.copyOf(good, 60_000);
    byte[] response = good.clone();
    response[2] |= (byte) 0x80;
    byte[] manyQuestions = good.clone();
    manyQuestions[4] = (byte) 0xff;
    manyQuestions[5] = (byte) 0xff;

    byte[] truncatedFlag = Arrays.copyOf(manyQuestions, 20);
    truncatedFlag[2] |= 0x02;

    List<byte[]> hostile = List.of(random, new byte[0], Arrays.copyOf(good, 5), Arrays.copyOf(good, good.length - 3),
        selfPointer, forwardPointer, huge, response, manyQuestions, truncatedFlag);
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(300);
      for (byte[] packet : hostile) {
        s.send(new DatagramPacket(packet, packet.length, dns.resolver.address()));
        assertThat(receive(s)).as("answer to a hostile packet of %d bytes", packet.length).isNull();
      }
      s.send(new DatagramPacket(good, good.length, dns.resolver.address()));
      assertThat(receive(s)).isNotNull();
    }
    assertThat(addresses(dns.query("api.nodedemo.dev.local."))).containsExactly("127.0.0.11");
    assertThat(dns.upstream.asked).isEmpty();
  }

  @Test
  void queriesThatAreNotPlainQuestionsAreRefusedByCode() throws Exception {
    start();
    Message notify = Message.newQuery(Record.newRecord(Name.fromString("api.nodedemo.dev.local."), Type.A, DClass.IN));
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(dns.client().send(notify).getRcode()).isEqualTo(Rcode.NOTIMP);

    Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    assertThat(dns.client().send(chaos).getRcode()).isEqualTo(Rcode.REFUSED);

    Message axfr = Message.newQuery(Record.newRecord(Name.fromString("dev.local."), Type.AXFR, DClass.IN));
    assertThat(udpExchange(axfr.toWire()).getRcode()).isEqualTo(Rcode.REFUSED);

    Message none = new Message();
    none.getHeader().setOpcode(Opcode.QUERY);
    assertThat(udpExchange(none.toWire()).getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(dns.upstream.asked).isEmpty();
  }

  @Test
  void aBigAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    start();
    List<Instance> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Instance.healthy("api-" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26), address("127.0.1." + i)));
    }
    dns.records.publish("nodedemo", "api", List.of(new ServicePort("http", 3000, "tcp")), many);
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString("api.nodedemo.dev.local."), Type.A, DClass.IN)).toWire();

    byte[] udp = udpRaw(query);
    assertThat(udp.length).isLessThanOrEqualTo(512);
    Message truncated = new Message(udp);
    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();

    assertThat(dns.tcpQuery("api.nodedemo.dev.local.", Type.A).getSection(Section.ANSWER)).hasSize(200);
    // dnsjava's client, like a stub resolver, retries over TCP by itself on TC.
    assertThat(dns.query("api.nodedemo.dev.local.").getSection(Section.ANSWER)).hasSize(200);
  }

  @Test
  void tcpConnectionsWithBadFramingAreClosedAndOthersServed() throws Exception {
    start();
    for (byte[] bytes : List.of(new byte[] {0, 0}, new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}, new byte[] {0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})) {
      try (Socket s = new Socket(dns.resolver.address().getAddress(), dns.resolver.address().getPort())) {
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
        assertThat(closedByServer(s)).as("connection after %s", Arrays.toString(bytes)).isTrue();
      }
    }
    assertThat(addresses(dns.tcpQuery("api.nodedemo.dev.local.", Type.A))).containsExactly("127.0.0.11");
  }

  @Test
  void anIdleTcpConnectionIsClosedAndTheConnectionCountIsCapped() throws Exception {
    dns = new ResolverFixture(b -> b.maxTcpConnections(2).tcpIdleTimeout(Duration.ofMillis(500)));
    try (Socket a = connect(); Socket b = connect(); Socket c = connect()) {
      assertThat(b.isConnected()).isTrue();
      assertThat(closedByServer(c)).as("third connection over the cap of 2").isTrue();
      long t0 = System.nanoTime();
      assertThat(closedByServer(a)).isTrue();
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(200L, 1900L);
    }
  }

  @Test
  void aSourceOverItsRateGetsNoAnswerUntilTheNextSecond() throws Exception {
    dns = new ResolverFixture(b -> b.queriesPerSecondPerSource(50));
    dns.records.publish("nodedemo", "api", List.of(), List.of(Instance.healthy("api-a", address("127.0.0.11"))));
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString("api.nodedemo.dev.local."), Type.A, DClass.IN)).toWire();
    int answered = 0;
    try (DatagramSocket s = new DatagramSocket()) {
      s.setReceiveBufferSize(1 << 20);
      for (int i = 0; i < 400; i++) {
        s.send(new DatagramPacket(query, query.length, dns.resolver.address()));
      }
      s.setSoTimeout(300);
      while (receive(s) != null) {
        answered++;
      }
    }
    // Sent within one or two windows of a second: at most 2 x 50 answered, never all 400.
    assertThat(answered).isBetween(1, 100);
    Thread.sleep(1100);
    assertThat(addresses(dns.query("api.nodedemo.dev.local."))).containsExactly("127.0.0.11");
  }

  /** Whether the server ended the connection: end of stream, or a reset when it left bytes unread. */
  private static boolean closedByServer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketException e) {
      return e.getMessage().contains("reset");
    }
  }

  @Test
  void onlyTheAllowedNetworksAreAnswered() throws Exception {
    dns = new ResolverFixture(b -> b.allowedSources(List.of("127.0.0.2/32", "fd00::/64")));
    dns.records.publish("nodedemo", "api", List.of(), List.of(Instance.healthy("api-a", address("127.0.0.11"))));
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString("api.nodedemo.dev.local."), Type.A, DClass.IN)).toWire();
    try (DatagramSocket outside = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket inside = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      outside.setSoTimeout(500);
      inside.setSoTimeout(2000);
      outside.send(new DatagramPacket(query, query.length, dns.resolver.address()));
      inside.send(new DatagramPacket(query, query.length, dns.resolver.address()));
      assertThat(receive(outside)).as("answer to 127.0.0.1").isNull();
      assertThat(receive(inside)).as("answer to 127.0.0.2").isNotNull();
    }
    try (Socket s = connect()) {
      assertThat(closedByServer(s)).as("tcp from 127.0.0.1").isTrue();
    }
    assertThatThrownBy(() -> RackResolver.builder().allowedSources(List.of("10.0.0.0")))
        .hasMessage("allowed source: \"10.0.0.0\" (expected: an IP network, address/bits, e.g. 10.89.0.0/24 or fd00::/64)");
    assertThatThrownBy(() -> RackResolver.builder().allowedSources(List.of("10.0.0.0/33"))).hasMessageStartingWith("allowed source: \"10.0.0.0/33\"");
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(dns.resolver.address().getAddress(), dns.resolver.address().getPort());
    s.setSoTimeout(3000);
    return s;
  }

  private Message udpExchange(byte[] query) throws IOException {
    return new Message(udpRaw(query));
  }

  private byte[] udpRaw(byte[] query) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(2000);
      s.send(new DatagramPacket(query, query.length, dns.resolver.address()));
      byte[] answer = receive(s);
      assertThat(answer).as("an answer").isNotNull();
      return answer;
    }
  }

  private static byte[] receive(DatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    try {
      s.receive(p);
      return Arrays.copyOf(p.getData(), p.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

}
