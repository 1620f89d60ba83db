package io.jrack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@link DiscoveryCases} against one rack: deploys each case's apps through the SDK as a user
 * would, then checks every expectation with the runtime's own way of reading environments and links.
 */
public abstract class DiscoveryConformance {
  protected TestRack rack;

  public static Stream<DiscoveryCases.Case> cases() {
    return DiscoveryCases.all().stream();
  }

  /** The environment a service's processes (pods) got. */
  protected abstract Map<String, String> env(String app, String service) throws Exception;

  /** Fails unless {@code url} is how this runtime leads to {@code service} of {@code app} on {@code port}. */
  protected abstract void assertLeadsTo(String url, String app, String service, int port) throws Exception;

  /** Fails unless {@code url} leads to a running {@code type} server for {@code resource} of {@code app}. */
  protected abstract void assertResource(String url, String app, String resource, String type) throws Exception;

  /** Fails if anything of {@code app} was started or applied. */
  protected abstract void assertNothingRuns(String app) throws Exception;

  /** Fails unless, from a process of {@code r.service()} of {@code r.app()}, {@code r.name()} leads to its target. */
  protected abstract void assertResolves(DiscoveryCases.Resolves r) throws Exception;

  /** Whether this runtime's processes use the rack's DNS; when not, {@link DiscoveryCases.Resolves} cases are left out. */
  protected boolean rackDns() {
    return true;
  }

  protected void run(DiscoveryCases.Case c, Path tmp) throws Exception {
    List<String> created = new ArrayList<>();
    try {
      if (!c.params().isEmpty()) {
        rack.client.paramsSet(c.params());
      }
      for (int i = 0; i < c.apps().size(); i++) {
        DiscoveryCases.AppSpec a = c.apps().get(i);
        rack.client.appCreate(a.name());
        created.add(a.name());
        Path src = Files.createDirectories(tmp.resolve(a.name()));
        Files.writeString(src.resolve("convox.yml"), a.manifest());
        Files.copy(Path.of("src/test/resources/discovery-app/Env.java"), src.resolve("Env.java"));
        if (!a.env().isEmpty()) {
          rack.client.envSet(a.name(), a.env(), false);
        }
        Build b = rack.client.buildCreate(a.name(), SourceTar.of(src), c.name());
        assertThat(b.status()).as(b.logs()).isEqualTo("complete");
        boolean last = i == c.apps().size() - 1;
        if (last && c.refusal() != null) {
          assertThatThrownBy(() -> rack.client.releasePromote(a.name(), b.release()))
              .isInstanceOf(ProviderException.class).hasMessageContaining(c.refusal());
          assertNothingRuns(a.name());
        } else {
          rack.client.releasePromote(a.name(), b.release());
        }
      }
      for (DiscoveryCases.Expect e : c.expects()) {
        Map<String, String> env = env(e.app(), e.service());
        switch (e) {
          case DiscoveryCases.LinkTo l -> {
            assertThat(env).as(l.toString()).containsKey(l.variable());
            assertLeadsTo(env.get(l.variable()), l.targetApp(), l.target(), l.port());
          }
          case DiscoveryCases.ResourceAt r -> {
            assertThat(env).as(r.toString()).containsKey(r.variable());
            assertResource(env.get(r.variable()), r.app(), r.resource(), r.type());
          }
          case DiscoveryCases.Value v -> assertThat(env).as(v.toString()).containsEntry(v.variable(), v.value());
          case DiscoveryCases.Absent a -> assertThat(env).as(a.toString()).doesNotContainKey(a.variable());
          case DiscoveryCases.Resolves r -> {
            if (rackDns()) {
              assertResolves(r);
            }
          }
        }
      }
    } finally {
      // Dependents first, so that each case leaves the rack as it found it.
      for (int i = created.size() - 1; i >= 0; i--) {
        rack.client.appDelete(created.get(i), true);
      }
      if ("Yes".equals(c.params().get("Internal"))) {
        rack.client.paramsSet(Map.of("Internal", "No"));
      }
      assertThat(rack.client.appList()).extracting(App::name).doesNotContainAnyElementsOf(created);
    }
  }
}
