package io.jrack.bench;

import io.jrack.discovery.DiscoveryContext;
import io.jrack.discovery.Endpoint;
import io.jrack.discovery.Endpoints;
import io.jrack.discovery.RackInfo;
import io.jrack.discovery.Resolution;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The environment of every service of an app of 200 services, each linking the next three and
 * reading app-level variables: what the rack computes for each release it runs.
 */
@State(Scope.Benchmark)
public class EnvResolutionBench {
  static final int SERVICES = 200;
  static final int LINKS = 3;

  /** Every service and resource on loopback, as the process runtime assigns them. */
  static final Endpoints LOOPBACK = new Endpoints() {
    @Override
    public Optional<Endpoint> service(String app, String service) {
      return Optional.of(new Endpoint("http", "127.0.0.1", 40000 + service.hashCode() % 1000));
    }

    @Override
    public Optional<ResourceEndpoint> resource(String app, String resource) {
      return Optional.of(new ResourceEndpoint("postgres", "127.0.0.1", 5432, "app", "secret", app));
    }
  };

  DiscoveryContext context;

  @Setup
  public void build() {
    ParseResult parsed = ManifestParser.parse(manifest());
    if (!parsed.ok()) {
      throw new IllegalStateException("generated manifest is invalid: " + parsed.errors());
    }
    Manifest m = parsed.manifest().orElseThrow();
    context = new DiscoveryContext(RackInfo.of("dev", "dev.localhost", 80, 443), "big", m,
        Map.of("STAGE", "prod", "REGION", "eu-west-1", "TOKEN", "t0k3n"), "RBENCH", LOOPBACK);
  }

  static String manifest() {
    StringBuilder y = new StringBuilder("environment:\n  - STAGE\n  - REGION=${STAGE}-1\n  - TOKEN\nresources:\n  db:\n    type: postgres\nservices:\n");
    for (int i = 0; i < SERVICES; i++) {
      y.append("  s").append(i).append(":\n    port: 3000\n    environment:\n      - NAME=s").append(i).append("\n    resources:\n      - db\n    links:\n");
      for (int l = 1; l <= LINKS; l++) {
        y.append("      - s").append((i + l) % SERVICES).append('\n');
      }
    }
    return y.toString();
  }

  @Benchmark
  public Map<String, Resolution> resolveAll() {
    return io.jrack.discovery.ServiceEnvironment.all(context);
  }
}
