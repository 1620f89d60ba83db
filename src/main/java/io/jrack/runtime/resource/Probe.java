package io.jrack.runtime.resource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Short loopback conversations that tell whether a server answers. */
final class Probe {
  private static final int TIMEOUT_MS = 1000;

  private Probe() {}

  static boolean connects(int port) {
    try {
      open(port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends {@code request} (null: only listen) and returns what came back, read until it holds
   * {@code lines} line breaks (one per expected reply; 0: the first chunk), the server stops, or
   * {@code max} bytes; empty on failure.
   */
  static byte[] exchange(int port, String request, int max, int lines) {
    try (Socket s = open(port)) {
      if (request != null) {
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
      }
      InputStream in = s.getInputStream();
      byte[] buf = new byte[max];
      int n = 0;
      while (n < max) {
        int r = in.read(buf, n, max - n);
        if (r < 0) {
          break;
        }
        n += r;
        if (lines <= 0 || count(buf, n, (byte) '\n') >= lines) {
          break;
        }
      }
      return java.util.Arrays.copyOf(buf, n);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static int count(byte[] buf, int n, byte b) {
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == b) {
        c++;
      }
    }
    return c;
  }

  private static Socket open(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }
}
