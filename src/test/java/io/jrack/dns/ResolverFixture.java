package io.jrack.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A rack resolver for rack {@code dev} on 127.0.0.1 and a free port, with a {@link FakeUpstream} as
 * the machine's resolver, and a real client (dnsjava's {@link SimpleResolver}) to ask it.
 */
final class ResolverFixture implements AutoCloseable {
  final ServiceRecords records = new ServiceRecords();
  final FakeUpstream upstream;
  final RackResolver resolver;

  ResolverFixture() throws IOException {
    this(b -> b);
  }

  ResolverFixture(UnaryOperator<RackResolverBuilder> settings) throws IOException {
    upstream = new FakeUpstream();
    resolver = settings.apply(RackResolver.builder()
        .rack("dev")
        .records(records)
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .upstreams(List.of(upstream.address())))
        .build()
        .start();
  }

  SimpleResolver client() {
    SimpleResolver c = new SimpleResolver(resolver.address());
    c.setTimeout(Duration.ofSeconds(3));
    return c;
  }

  Message query(String name, int type) throws IOException {
    return client().send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  Message query(String name) throws IOException {
    return query(name, Type.A);
  }

  Message tcpQuery(String name, int type) throws IOException {
    SimpleResolver c = client();
    c.setTCP(true);
    return c.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  /** The addresses answered, sorted. */
  static List<String> addresses(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).sorted().toList();
  }

  static List<String> sorted(String... values) {
    return Arrays.stream(values).sorted().toList();
  }

  @Override
  public void close() {
    resolver.close();
    upstream.close();
  }
}
