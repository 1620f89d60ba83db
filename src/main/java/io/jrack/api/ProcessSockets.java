package io.jrack.api;

import io.javalin.websocket.WsContext;
import io.jrack.rack.Provider;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * {@code SOCKET /apps/{app}/processes/{pid}/exec} (Convox's ProcessExec): header {@code Command} (a shell
 * command line; {@code Tty: true} asks for a terminal, which runtimes that can give one do;
 * {@code Height}, {@code Width}, {@code Entrypoint} accepted and unused), the client's text as stdin, the output as text, then the exit code as Convox writes it
 * ({@code F1E49A85-0AD7-4AEF-A618-C249C6E6568D:CODE}), which the client passes through as its own.
 */
final class ProcessSockets {
  static final String EXIT_CODE = "F1E49A85-0AD7-4AEF-A618-C249C6E6568D:";

  private final Provider provider;

  ProcessSockets(Provider provider) {
    this.provider = provider;
  }

  void exec(WsContext ctx, InputStream in, Consumer<String> out) {
    String app = ctx.pathParam("app");
    String pid = ctx.pathParam("pid");
    String command = ctx.header("Command");
    if (command == null || command.isBlank()) {
      throw new ApiServer.BadInput("missing Command (expected: a header Command: COMMAND LINE)");
    }
    SocketOutput output = new SocketOutput(out);
    boolean tty = "true".equalsIgnoreCase(ctx.header("Tty"));
    int code = provider.processExec(app, pid, command, tty, in, output);
    output.close();
    out.accept(EXIT_CODE + code + "\n");
  }
}
