package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.ProcessInfo;
import java.util.List;

/** The processes a request asks for: structs.ProcessListOptions ({@code service}, {@code release} query). */
final class ProcessQuery {
  private ProcessQuery() {}

  static List<ProcessInfo> filter(Context ctx, List<ProcessInfo> all) {
    String service = ctx.queryParam("service");
    String release = ctx.queryParam("release");
    return all.stream()
        .filter(p -> service == null || service.isEmpty() || service.equals(p.service()))
        .filter(p -> release == null || release.isEmpty() || release.equals(p.release()))
        .toList();
  }
}
