package io.jrack.runtime.process;

import io.jrack.runtime.os.ProcessGroups;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command run where a process runs ({@code convox exec}, {@code convox run}): {@code sh -c COMMAND}
 * in the process's directory with its environment, in a process group of its own, its stdin fed from
 * the caller and its stdout and stderr together to the caller. Interrupted, it stops the whole group.
 */
final class OneOffCommand {
  private OneOffCommand() {}

  static int run(Path dir, Map<String, String> env, String command, InputStream in, OutputStream out)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(List.of("sh", "-c", command))).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    Thread feeder = Thread.ofVirtual().name("exec-stdin-" + p.pid()).start(() -> {
      try (OutputStream stdin = p.getOutputStream()) {
        in.transferTo(stdin);
      } catch (IOException e) {
        // The command stopped reading (or ended): its input is no longer wanted.
      }
    });
    try (InputStream stdout = p.getInputStream()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = stdout.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      return p.waitFor();
    } catch (InterruptedException | IOException e) {
      ProcessGroups.killGroup(p.pid());
      throw e;
    } finally {
      feeder.interrupt();
    }
  }
}
