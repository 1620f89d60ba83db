package io.jrack.cli;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ServiceInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox scale}: each service's desired and running process counts (SERVICE DESIRED RUNNING CPU
 * MEMORY, as Convox prints them); {@code convox scale SERVICE --count N}: asks the rack to scale it.
 */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Scale a service.")
final class ScaleCommand extends RackCall.ForApp {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "The service to scale.")
  String service;

  @Option(names = "--count", paramLabel = "N", description = "Number of processes.")
  Integer count;

  @Option(names = "--cpu", paramLabel = "UNITS", description = "CPU units per process.")
  Integer cpu;

  @Option(names = "--memory", paramLabel = "MB", description = "Memory per process, in MB.")
  Integer memory;

  @Option(names = "--wait", description = "Wait until the service runs that many processes (at most 10 minutes).")
  boolean await;

  @Override
  void run() {
    String app = app();
    if (count != null || cpu != null || memory != null) {
      if (service == null) {
        throw new UserError("scale: which service? (expected: convox scale SERVICE --count N)");
      }
      start("Scaling " + service);
      rack().serviceUpdate(app, service, count, cpu, memory);
      if (await && count != null) {
        awaitRunning(app, count);
      }
      ok();
      return;
    }
    Map<String, Integer> running = new HashMap<>();
    for (ProcessInfo p : rack().processList(app)) {
      running.merge(p.service(), 1, Integer::sum);
    }
    Table t = Table.of("SERVICE", "DESIRED", "RUNNING", "CPU", "MEMORY");
    for (ServiceInfo s : rack().serviceList(app).stream().sorted(Comparator.comparing(ServiceInfo::name)).toList()) {
      t.row(s.name(), Integer.toString(s.count()), Integer.toString(running.getOrDefault(s.name(), 0)),
          Integer.toString(s.cpu()), Integer.toString(s.memory()));
    }
    t.print(out());
  }

  /** Until {@code count} processes of the service are running; a rack that never gets there is an error, not a hang. */
  private void awaitRunning(String app, int count) {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
    while (true) {
      long running = rack().processList(app).stream().filter(p -> p.service().equals(service) && "running".equals(p.status())).count();
      if (running == count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new UserError("scale: %s runs %d of %d processes after 10 minutes (see convox ps and convox logs)".formatted(service, running, count));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("scale: interrupted while waiting");
      }
    }
  }
}
