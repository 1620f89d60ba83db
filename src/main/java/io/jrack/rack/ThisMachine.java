package io.jrack.rack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;

/**
 * The one machine a rack here runs on, as Convox's instances describe theirs: its id (the host name,
 * which is what {@code ps info} names as a process's instance), when it booted, and how busy its CPU
 * and memory are now (Linux's {@code /proc}; elsewhere what the JVM can tell).
 */
public final class ThisMachine {
  /** The instance id: this machine's host name. */
  public static final String ID = hostName();

  private ThisMachine() {}

  /** This machine, with {@code processes} the rack's processes running on it. */
  public static InstanceInfo instance(int processes) {
    return new InstanceInfo(ID, "running", booted(), processes, cpu(), memory(), "", privateIp());
  }

  private static String hostName() {
    try {
      String etc = Files.readString(Path.of("/etc/hostname")).strip();
      if (!etc.isEmpty()) {
        return etc;
      }
    } catch (IOException e) {
      // Not Linux: the resolver's name below.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** When the machine booted (Linux: {@code btime} of /proc/stat); elsewhere when the JVM started. */
  static Instant booted() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("btime ")) {
          return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux.
    }
    return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /**
   * How busy the CPU is, 0 to 1: the last minute's load average per core (Linux's /proc/loadavg), which
   * needs no sampling interval; elsewhere the JVM's reading.
   */
  static double cpu() {
    try {
      double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      return Math.min(1, load / Runtime.getRuntime().availableProcessors());
    } catch (IOException | RuntimeException e) {
      // Not Linux: the JVM's view below.
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getCpuLoad();
      return load < 0 ? 0 : load;
    }
    return 0;
  }

  /** The fraction of memory in use: 1 - MemAvailable / MemTotal (what could be had without swapping). */
  static double memory() {
    try {
      long total = 0;
      long available = -1;
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          total = kb(line);
        } else if (line.startsWith("MemAvailable:")) {
          available = kb(line);
        }
      }
      if (total > 0 && available >= 0) {
        return 1 - (double) available / total;
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: the JVM's view below.
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
      return 1 - (double) os.getFreeMemorySize() / os.getTotalMemorySize();
    }
    return 0;
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** The machine's first non-loopback IPv4 address; empty when it has none. */
  static String privateIp() {
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!n.isUp() || n.isLoopback() || n.isVirtual() || n.getName().startsWith("podman") || n.getName().startsWith("veth")
            || n.getName().startsWith("cni")) {
          continue;
        }
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // No interfaces to read: none given.
    }
    return "";
  }
}
