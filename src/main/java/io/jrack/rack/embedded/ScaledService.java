package io.jrack.rack.embedded;

import io.jrack.manifest.Scale;
import io.jrack.manifest.Service;

/** A service of a manifest with another count, cpu and memory ({@code convox scale}); all else as written. */
final class ScaledService {
  private ScaledService() {}

  static Service of(Service s, ScaleOverrides.Values v) {
    Scale o = s.scale();
    Scale scale = new Scale(v.count(), Math.max(v.count(), o.max()), v.cpu(), v.memory(), o.gpu(), o.gpuVendor(), o.declaredMin(),
        o.declaredMax(), o.cooldown(), o.targets(), o.autoscale(), o.keda());
    return new Service(s.name(), s.position(), s.build(), s.image(), s.command(), s.port(), s.ports(), s.domains(), s.environment(),
        s.health(), s.internal(), s.internalRouter(), s.internalAndExternal(), s.links(), s.resources(), scale, s.deployment(), s.drain(), s.terminationGrace(),
        s.sticky(), s.singleton(), s.agent(), s.init(), s.timeout(), s.tlsRedirect(), s.annotations(), s.whitelist(), s.test(), s.nlb(),
        s.liveness(), s.startupProbe(), s.securityContext(), s.extensions());
  }
}
