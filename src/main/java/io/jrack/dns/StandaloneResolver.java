package io.jrack.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolver alone, for benchmarks: {@code StandaloneResolver PORT RACK FILE} answers on
 * 127.0.0.1:PORT the services FILE lists, one line {@code <app> <service> <address>...} each (every
 * address one healthy instance), with no upstream (other names are REFUSED) and no per-source rate
 * limit, since the load comes from one address.
 */
public final class StandaloneResolver {
  private StandaloneResolver() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: StandaloneResolver PORT RACK FILE");
      System.exit(2);
    }
    ServiceRecords records = new ServiceRecords();
    int services = load(Path.of(args[2]), records);
    RackResolver resolver = RackResolver.builder()
        .rack(args[1])
        .records(records)
        .listen(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
        .upstreams(List.of())
        .queriesPerSecondPerSource(0)
        .build()
        .start();
    System.out.println("resolver on " + resolver.address() + " for " + services + " services of " + resolver.zone());
    Runtime.getRuntime().addShutdownHook(new Thread(resolver::close));
    Thread.currentThread().join();
  }

  private static int load(Path file, ServiceRecords records) throws IOException {
    Map<String, List<Instance>> byService = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      List<Instance> instances = byService.computeIfAbsent(f[0] + " " + f[1], k -> new ArrayList<>());
      for (int i = 2; i < f.length; i++) {
        instances.add(Instance.healthy(f[1] + "-" + (instances.size() + 1), InetAddress.getByName(f[i])));
      }
    }
    byService.forEach((key, instances) -> {
      String[] k = key.split(" ");
      records.publish(k[0], k[1], List.of(new ServicePort("http", 3000, "tcp")), instances);
    });
    return byService.size();
  }
}
