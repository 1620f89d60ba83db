package io.jrack.dns;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One query's bytes in, the answer's bytes out (or nothing). What cannot be parsed, and any message
 * that is itself a response or says it is truncated, gets no answer at all: answering garbage would
 * let a forged source bounce packets off the rack. A parsed query that is not a plain one-question
 * QUERY of class IN gets FORMERR, NOTIMP or REFUSED. Names of the rack's zone, and PTR of its
 * instances' addresses, are answered here; a single label (a short name no search domain matched) is
 * NXDOMAIN here, never sent out; the rest go to the {@link Forwarder}.
 */
final class QueryHandler {
  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
  /** The largest UDP answer we send: the DNS flag day 2020 size, which no path fragments. */
  static final int MAX_UDP_ANSWER = 1232;
  static final int PLAIN_UDP_ANSWER = 512;
  static final int MAX_TCP_ANSWER = 65535;

  private final RackZone zone;
  private final Forwarder forwarder;
  /** The internal router's domain, null when the rack has none here. */
  private final InternalRouterZone internalRouter;

  /** {@code forwarder} null: names outside the zone are REFUSED (no upstream resolver is known). */
  QueryHandler(RackZone zone, Forwarder forwarder) {
    this(zone, forwarder, null);
  }

  QueryHandler(RackZone zone, Forwarder forwarder, InternalRouterZone internalRouter) {
    this.zone = zone;
    this.forwarder = forwarder;
    this.internalRouter = internalRouter;
  }

  /** The answer to send, completed at once unless forwarded; completed with null to send nothing. */
  CompletableFuture<byte[]> handle(ByteBuffer packet, boolean tcp) {
    Message query;
    try {
      query = new Message(packet);
    } catch (Exception e) {
      return CompletableFuture.completedFuture(null);
    }
    Header h = query.getHeader();
    // A truncated query is not a thing clients send, and dnsjava parses one leniently: dropped too.
    if (h.getFlag(Flags.QR) || h.getFlag(Flags.TC)) {
      return CompletableFuture.completedFuture(null);
    }
    int maxSize = tcp ? MAX_TCP_ANSWER : udpSize(query);
    Message response = responseTo(query);
    boolean oneQuestion = query.getSection(Section.QUESTION).size() == 1;
    Record question = query.getQuestion();
    if (oneQuestion) {
      response.addRecord(question, Section.QUESTION);
    }
    if (h.getOpcode() != Opcode.QUERY) {
      return done(response, Rcode.NOTIMP, maxSize);
    }
    if (!oneQuestion) {
      return done(response, Rcode.FORMERR, maxSize);
    }
    int type = question.getType();
    if (question.getDClass() != DClass.IN || type == Type.AXFR || type == Type.IXFR) {
      return done(response, Rcode.REFUSED, maxSize);
    }
    Name name = question.getName();
    try {
      if (zone.contains(name)) {
        response.getHeader().setFlag(Flags.AA);
        zone.answer(question, response);
        return CompletableFuture.completedFuture(response.toWire(maxSize));
      }
      if (internalRouter != null && internalRouter.contains(name)) {
        response.getHeader().setFlag(Flags.AA);
        internalRouter.answer(question, response);
        return CompletableFuture.completedFuture(response.toWire(maxSize));
      }
      if (type == Type.PTR && zone.reverse(question, response)) {
        response.getHeader().setFlag(Flags.AA);
        return CompletableFuture.completedFuture(response.toWire(maxSize));
      }
    } catch (RuntimeException e) {
      LOG.warn("answering {} {}: {}", name, Type.string(type), e.toString());
      return done(response, Rcode.SERVFAIL, maxSize);
    }
    if (name.labels() == 2) {
      return done(response, Rcode.NXDOMAIN, maxSize);
    }
    if (forwarder == null) {
      return done(response, Rcode.REFUSED, maxSize);
    }
    return forwarder.forward(question).handle((upstream, failure) -> {
      if (failure != null) {
        response.getHeader().setRcode(Rcode.SERVFAIL);
      } else {
        copyAnswer(upstream, response);
      }
      return response.toWire(maxSize);
    });
  }

  private static Message responseTo(Message query) {
    Message response = new Message(query.getHeader().getID());
    Header rh = response.getHeader();
    rh.setFlag(Flags.QR);
    rh.setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      rh.setFlag(Flags.RD);
    }
    rh.setOpcode(query.getHeader().getOpcode());
    if (query.getOPT() != null) {
      response.addRecord(new OPTRecord(MAX_UDP_ANSWER, 0, 0), Section.ADDITIONAL);
    }
    return response;
  }

  /** What fits a UDP answer: 512 bytes, or what the client's EDNS allows up to {@link #MAX_UDP_ANSWER}. */
  private static int udpSize(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? PLAIN_UDP_ANSWER : Math.max(PLAIN_UDP_ANSWER, Math.min(opt.getPayloadSize(), MAX_UDP_ANSWER));
  }

  private static void copyAnswer(Message upstream, Message response) {
    response.getHeader().setRcode(upstream.getRcode());
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : upstream.getSection(section)) {
        if (r.getType() != Type.OPT) {
          response.addRecord(r, section);
        }
      }
    }
  }

  private static CompletableFuture<byte[]> done(Message response, int rcode, int maxSize) {
    response.getHeader().setRcode(rcode);
    return CompletableFuture.completedFuture(response.toWire(maxSize));
  }
}
