package io.jrack.rack.wire;

import io.jrack.rack.ProcessInfo;
import java.time.Instant;
import java.util.List;

/**
 * structs.Process: {@code name} is the service, {@code ports} a list of strings, {@code status} one of
 * Convox's words ({@code running}, {@code pending}, ...). What our runtime adds to a status in
 * parentheses (where a process is exposed, its restarts) goes in {@code detail}, ours, extra.
 */
public record WireProcess(String id, String app, String command, double cpu, String host, String image, String instance,
    double memory, String name, List<String> ports, String release, Instant started, String status, String detail) {

  public static WireProcess of(ProcessInfo p) {
    String status = p.status() == null ? "" : p.status();
    String detail = null;
    int paren = status.indexOf(" (");
    if (paren > 0 && status.endsWith(")")) {
      detail = status.substring(paren + 2, status.length() - 1);
      status = status.substring(0, paren);
    }
    if (status.equals("starting")) {
      status = "pending";
    }
    List<String> ports = p.port() > 0 ? List.of(Integer.toString(p.port())) : List.of();
    return new WireProcess(p.id(), p.app(), p.command(), 0, p.host(), null, io.jrack.rack.ThisMachine.ID, 0, p.service(), ports, p.release(),
        p.started(), status, detail);
  }

  /** The status with its detail, as {@link ProcessInfo} carries it. */
  public ProcessInfo toProcess() {
    int port = 0;
    if (ports != null && !ports.isEmpty()) {
      String first = ports.get(0);
      try {
        port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
      } catch (NumberFormatException e) {
        port = 0;
      }
    }
    String full = detail == null || detail.isEmpty() ? status : status + " (" + detail + ")";
    return new ProcessInfo(id, app, name, full, release, started, command, host, port);
  }
}
