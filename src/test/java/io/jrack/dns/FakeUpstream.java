package io.jrack.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The machine's resolver, as the tests play it: a dnsjava server on 127.0.0.1 that knows the names
 * under {@code example.test.} (A 127.0.0.9) and says NXDOMAIN for the rest, and records every name
 * it was asked, so a test can check what was forwarded and what was not.
 */
final class FakeUpstream implements AutoCloseable {
  static final InetAddress ANSWER = address("127.0.0.9");
  private final DatagramSocket socket;
  final List<String> asked = new CopyOnWriteArrayList<>();

  FakeUpstream() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    Thread.ofPlatform().daemon().name("fake-upstream").start(this::serve);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void serve() {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
        Record question = q.getQuestion();
        asked.add(question.getName().toString());
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(question, Section.QUESTION);
        if (question.getName().subdomain(Name.fromConstantString("example.test.")) && question.getType() == Type.A) {
          r.addRecord(new ARecord(question.getName(), DClass.IN, 60, ANSWER), Section.ANSWER);
        } else if (!question.getName().subdomain(Name.fromConstantString("example.test."))) {
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        byte[] out = r.toWire(512);
        socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // Closed, or a packet it could not read: the tests send it only good ones.
      }
    }
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
