package io.jrack.rack.wire;

import io.jrack.rack.ServiceInfo;
import java.util.List;

/** structs.Service with its ports as structs.ServicePort ({@code balancer}, {@code certificate}, {@code container}). */
public record WireService(int count, int cpu, String domain, int memory, String name, List<Port> ports) {

  public record Port(int balancer, String certificate, int container) {}

  public static WireService of(ServiceInfo s) {
    return of(s, java.util.Map.of());
  }

  /** {@code applied}: the certificate id on each {@code service:port} that has one ({@code convox ssl}). */
  public static WireService of(ServiceInfo s, java.util.Map<String, String> applied) {
    List<Port> ports = s.ports() == null ? List.of()
        : s.ports().stream().map(p -> new Port(p.balancer(), applied.getOrDefault(s.name() + ":" + p.balancer(), ""), p.container())).toList();
    return new WireService(s.count(), s.cpu(), s.domain(), s.memory(), s.name(), ports);
  }

  public ServiceInfo toService() {
    List<ServiceInfo.PortMapping> mapped = ports == null ? List.of()
        : ports.stream().map(p -> new ServiceInfo.PortMapping(p.balancer(), p.container())).toList();
    return new ServiceInfo(name, domain, mapped, count, cpu, memory);
  }
}
