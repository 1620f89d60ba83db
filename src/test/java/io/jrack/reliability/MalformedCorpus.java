package io.jrack.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Malformed HTTP/1.1 requests: bad request lines, bad headers, oversized parts, invalid chunking. */
final class MalformedCorpus {
  private MalformedCorpus() {}

  static List<String> requests(String host, int count) {
    List<String> base = new ArrayList<>(List.of(
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: " + host + "\r\n\r\n",
        "GET / FOO/1.1\r\nHost: " + host + "\r\n\r\n",
        "G ET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nX: " + "b".repeat(40_000) + "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nBad Header\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\n: novalue\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: abc\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: -5\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: gzip, chunked, bogus\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: " + host + "\r\n\0\0\0\r\n\r\n",
        "\r\n\r\nGET\r\n\r\n",
        "GET / HTTP/1.1\nHost: nowhere.invalid\n\n",
        "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"));
    Random random = new Random(20261124);
    List<String> out = new ArrayList<>();
    while (out.size() < count) {
      String b = base.get(out.size() % base.size());
      if (out.size() < base.size()) {
        out.add(b);
        continue;
      }
      // Mutations of the base corpus: a control character in the head, junk bytes, a separator in the method.
      StringBuilder m = new StringBuilder(b);
      switch (random.nextInt(3)) {
        case 0 -> m.setCharAt(random.nextInt(Math.max(1, Math.min(40, m.length()))), (char) random.nextInt(32));
        case 1 -> m.insert(random.nextInt(Math.max(1, Math.min(30, m.length()))), "\u0001\u007f");
        default -> m.replace(0, Math.min(3, m.length()), "G" + (random.nextBoolean() ? '(' : ')') + "T");
      }
      if (!m.toString().endsWith("\r\n\r\n") && !m.toString().endsWith("\n\n")) {
        m.append("\r\n\r\n");
      }
      out.add(m.append("Connection: close\r\n\r\n").toString());
    }
    return out;
  }
}
