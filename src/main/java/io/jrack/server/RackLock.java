package io.jrack.server;

import io.jrack.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One rack per directory: a second start of the same rack would reap the first one's containers,
 * rewrite its network fence and share its store, so it is refused before it touches anything. The
 * lock is the kernel's ({@code fcntl}) on {@code <dir>/rack.lock}: a rack killed with {@code kill -9}
 * releases it with its process, so the next start is never refused by a stale file. The file
 * holds the pid of the rack that has it, for the message.
 */
final class RackLock implements AutoCloseable {
  static final String FILE = "rack.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RackLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the directory's lock, or fails saying which process has it. */
  static RackLock take(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      PrivateFiles.create(file);
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this very process runs the rack already
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
      ch.close();
      throw new IOException("rack directory %s is in use by another rack%s (expected: one rack per directory; stop that one first, or give this one another directory)"
          .formatted(dir, holder.isEmpty() ? "" : " (pid " + holder + ")"));
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    return new RackLock(ch, lock);
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      lock.release();
    }
  }
}
