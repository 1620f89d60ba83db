package io.jrack.rack.embedded;

import io.jrack.discovery.DomainClaims;
import io.jrack.discovery.DomainClaims.Claim;
import io.jrack.manifest.Manifest;
import io.jrack.rack.App;
import io.jrack.rack.Release;
import io.jrack.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The public hosts each app serves (its active release) or is being promoted with. Checking and
 * claiming are one step under this object's lock, so two apps promoting at once can not both take
 * one host, and an app is never created beside a host its service would take.
 */
final class HostClaims {
  private final Store store;
  private final Supplier<String> routerHost;
  private final Map<String, List<Claim>> promoting = new HashMap<>();

  HostClaims(Store store, Supplier<String> routerHost) {
    this.store = store;
    this.routerHost = routerHost;
  }

  /** Why {@code app} can not be created (see {@link DomainClaims#nameConflicts}); runs {@code create} when it can. */
  synchronized List<String> create(String app, Runnable create) {
    List<String> taken = DomainClaims.nameConflicts(app, routerHost.get(), others(app));
    if (taken.isEmpty()) {
      create.run();
    }
    return taken;
  }

  /** Why {@code release} can not serve its hosts; when it can, they are held for {@code app} until {@link #done}. */
  synchronized List<String> claim(String app, Release release) {
    Optional<Manifest> manifest = manifest(release);
    if (manifest.isEmpty()) {
      return List.of(); // nothing to serve: the promoter says why
    }
    List<Claim> wanted = DomainClaims.of(app, manifest.get(), routerHost.get());
    List<String> taken = DomainClaims.conflicts(wanted, others(app));
    if (taken.isEmpty()) {
      promoting.put(app, wanted);
    }
    return taken;
  }

  /** The promote of {@code app} ended: its hosts are its active release's again, whichever that is. */
  synchronized void done(String app) {
    promoting.remove(app);
  }

  private List<Claim> others(String app) {
    List<Claim> out = new ArrayList<>();
    promoting.forEach((other, claims) -> {
      if (!other.equals(app)) {
        out.addAll(claims);
      }
    });
    String host = routerHost.get();
    for (App other : store.apps()) {
      if (!other.name().equals(app) && other.release() != null) {
        store.release(other.name(), other.release()).flatMap(HostClaims::manifest)
            .ifPresent(m -> out.addAll(DomainClaims.of(other.name(), m, host)));
      }
    }
    return out;
  }

  private static Optional<Manifest> manifest(Release r) {
    return r.manifest() == null ? Optional.empty() : Manifests.parse(r.manifest(), r.env(), false).manifest();
  }
}
