package io.jrack.runtime.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Each app's own range of host user ids: its containers run in a user namespace where uid 0..65535
 * (the image's user among them) are host uids {@code base..base+65535}, so that no container is
 * root on the host and two apps never share a uid. One app's containers share its range, so that
 * its named volumes stay its own across deploys. The ranges lie in {@code 2^30..2^31-1}, which
 * {@code bin/container-engine} reserves in {@code /etc/subuid} and {@code /etc/subgid} under the
 * name {@code jrack}; which app holds which is written to one file per machine store, under a
 * lock, since every rack sharing the store draws from the same ids.
 */
final class UserRanges {
  static final long FIRST = 1L << 30;
  static final int SIZE = 65536;
  static final int SLOTS = (int) (FIRST / SIZE);

  /** A file lock is held per JVM, not per thread: the threads of one JVM take turns here first. */
  private static final Object IN_THIS_JVM = new Object();

  private final Path file;
  private final String rackId;

  UserRanges(Path storage, String rackId) {
    this.file = storage.resolve("user-ranges");
    this.rackId = rackId;
  }

  /** The app's range as Podman takes it in {@code --uidmap 0:<base>:<size>}: {@code base:size}. */
  String range(String app) throws EngineException {
    return base(app) + ":" + SIZE;
  }

  /** The app's first host uid, given on first use, kept for good (a deleted app made again gets it back). */
  long base(String app) throws EngineException {
    synchronized (IN_THIS_JVM) {
      return slot(app);
    }
  }

  private long slot(String app) throws EngineException {
    String key = rackId + " " + app + " ";
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel lock = FileChannel.open(file.resolveSibling("user-ranges.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // Released with the channel.
        lock.lock();
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        BitSet used = new BitSet(SLOTS);
        for (String line : lines) {
          String[] f = line.split(" ");
          if (f.length == 3) {
            int slot = Integer.parseInt(f[2]);
            if (line.startsWith(key)) {
              return FIRST + (long) slot * SIZE;
            }
            used.set(slot);
          }
        }
        int slot = used.nextClearBit(0);
        if (slot >= SLOTS) {
          throw new EngineException("no user id range left for app " + app + " (" + SLOTS + " in use, see " + file + ")");
        }
        lines.add(key + slot);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return FIRST + (long) slot * SIZE;
      }
    } catch (IOException | NumberFormatException e) {
      throw new EngineException("user id ranges in " + file + ": " + e.getMessage());
    }
  }
}
