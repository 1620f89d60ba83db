package io.jrack.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds listening TCP sockets of a process tree that are not on loopback (Linux: /proc/net/tcp and
 * tcp6), so the rack can warn that a service is reachable from outside, router and internal
 * endpoints bypassed. Elsewhere it finds nothing, which only costs the warning.
 */
final class Exposure {
  private static final Path PROC = Path.of("/proc");

  private Exposure() {}

  /** {@code 0.0.0.0:3000}-style addresses the tree listens on beyond loopback. */
  static List<String> publicListeners(ProcessHandle root) {
    Set<String> inodes = new HashSet<>();
    socketInodes(root.pid(), inodes);
    root.descendants().forEach(p -> socketInodes(p.pid(), inodes));
    List<String> out = new ArrayList<>();
    if (inodes.isEmpty()) {
      return out;
    }
    scan(PROC.resolve("net/tcp"), false, inodes, out);
    scan(PROC.resolve("net/tcp6"), true, inodes, out);
    return out;
  }

  private static void socketInodes(long pid, Set<String> into) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            into.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // The descriptor closed while we looked.
        }
      }
    } catch (IOException | SecurityException e) {
      // Not Linux, or the process is gone.
    }
  }

  private static void scan(Path table, boolean v6, Set<String> inodes, List<String> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (IOException e) {
      return;
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).strip().split("\\s+");
      if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) {
        continue;
      }
      String[] local = f[1].split(":");
      int port = Integer.parseInt(local[1], 16);
      String address = v6 ? ipv6(local[0]) : ipv4(local[0]);
      if (address != null) {
        out.add((v6 ? "[" + address + "]" : address) + ":" + port);
      }
    }
  }

  /** The address, or null when it is loopback. Kernel order: each 32-bit word little-endian. */
  static String ipv4(String hex) {
    long v = Long.parseLong(hex, 16);
    int a = (int) (v & 0xff);
    if (a == 127) {
      return null;
    }
    return a + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
  }

  static String ipv6(String hex) {
    byte[] b = new byte[16];
    for (int word = 0; word < 4; word++) {
      for (int i = 0; i < 4; i++) {
        b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
      }
    }
    boolean allZeroButLast = true;
    for (int i = 0; i < 15; i++) {
      allZeroButLast &= b[i] == 0;
    }
    if (allZeroButLast && b[15] == 1) {
      return null;
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
      return (b[12] & 0xff) == 127 ? null : (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
    }
    try {
      return java.net.InetAddress.getByAddress(b).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
