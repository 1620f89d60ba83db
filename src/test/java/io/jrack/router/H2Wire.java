package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frames on a plain socket, with Netty's HPACK encoder and decoder: a client that can send what
 * well-behaved client codecs never do (streams reset at once, header blocks that never end), to see
 * what the router does with it. Frame layout: RFC 9113 section 4.1.
 */
class H2Wire implements AutoCloseable {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int WINDOW_UPDATE = 8;
  static final int CONTINUATION = 9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  static final int ACK = 0x1;

  record Frame(int type, int flags, int stream, byte[] payload) {
    int int32(int at) {
      return ((payload[at] & 0xff) << 24 | (payload[at + 1] & 0xff) << 16 | (payload[at + 2] & 0xff) << 8 | (payload[at + 3] & 0xff)) & 0x7fffffff;
    }

    /** A SETTINGS frame's value for {@code id}, or -1. */
    long setting(int id) {
      for (int i = 0; i + 6 <= payload.length; i += 6) {
        if (((payload[i] & 0xff) << 8 | (payload[i + 1] & 0xff)) == id) {
          return int32(i + 2) & 0xffffffffL;
        }
      }
      return -1;
    }
  }

  final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);

  /** Connects with prior knowledge: the preface and empty SETTINGS; the server's SETTINGS are read and acknowledged. */
  H2Wire(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** The same on a socket already connected: over TLS, one that negotiated {@code h2}. */
  H2Wire(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /** The server's first SETTINGS, acknowledged, and the ACK of ours awaited: its limits apply from here. */
  Frame handshake() throws IOException {
    Frame settings = null;
    boolean acked = false;
    while (settings == null || !acked) {
      Frame f = read();
      if (f.type == SETTINGS && (f.flags & ACK) == 0) {
        settings = f;
        frame(SETTINGS, ACK, 0, new byte[0]);
      } else if (f.type == SETTINGS) {
        acked = true;
      }
    }
    return settings;
  }

  static Http2Headers get(String host, String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").authority(host).path(path);
  }

  byte[] block(Http2Headers headers) throws IOException {
    ByteBuf b = Unpooled.buffer();
    try {
      encoder.encodeHeaders(1, headers, b);
    } catch (io.netty.handler.codec.http2.Http2Exception e) {
      throw new IOException(e);
    }
    byte[] bytes = new byte[b.readableBytes()];
    b.readBytes(bytes);
    b.release();
    return bytes;
  }

  void headers(int stream, Http2Headers headers, boolean endStream) throws IOException {
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block(headers));
  }

  void rst(int stream, int code) throws IOException {
    frame(RST_STREAM, 0, stream, int32(code));
  }

  void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] head = {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length, (byte) type, (byte) flags,
        (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
    out.write(head);
    out.write(payload);
    out.flush();
  }

  /** Bytes as they are: part of a frame, to send the rest later. */
  void raw(byte... bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  static byte[] int32(int v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  Frame read() throws IOException {
    int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, flags, stream, payload);
  }

  /** Frames until one of {@code type} (returned), or null when the connection ends first. */
  Frame until(int type) throws IOException {
    try {
      while (true) {
        Frame f = read();
        if (f.type == type) {
          return f;
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      return null;
    }
  }

  /** A frame of {@code type} among those that come within {@code millis} (the others are dropped), or null. */
  Frame within(int type, int millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
      Frame f = poll((int) Math.max(1, left));
      if (f != null && f.type == type) {
        return f;
      }
    }
    return null;
  }

  /** The next frame within {@code millis}, or null when none came. */
  Frame poll(int millis) throws IOException {
    int was = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return read();
    } catch (SocketTimeoutException e) {
      return null;
    } finally {
      socket.setSoTimeout(was);
    }
  }

  Http2Headers decode(Frame f) throws IOException {
    try {
      return decoder.decodeHeaders(f.stream, Unpooled.wrappedBuffer(f.payload));
    } catch (io.netty.handler.codec.http2.Http2Exception e) {
      throw new IOException(e);
    }
  }

  /** A whole response on {@code stream}: its headers, then the body as text. */
  record Response(Http2Headers headers, String body) {}

  Response response(int stream) throws IOException {
    Http2Headers headers = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      Frame f = read();
      if (f.stream != stream) {
        continue;
      }
      if (f.type == HEADERS && headers == null) {
        headers = decode(f);
      } else if (f.type == DATA) {
        body.write(f.payload);
      } else if (f.type == RST_STREAM) {
        throw new IOException("stream " + stream + " reset: error " + f.int32(0));
      }
      if ((f.type == HEADERS || f.type == DATA) && (f.flags & END_STREAM) != 0) {
        return new Response(headers, body.toString(StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
