package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jrack.discovery.DiscoveryContext;
import io.jrack.discovery.Endpoint;
import io.jrack.discovery.Endpoints;
import io.jrack.discovery.RackInfo;
import io.jrack.discovery.Resolution;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ServiceEnvironment;
import io.jrack.discovery.ServicesTable;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Resource;
import io.jrack.manifest.ResourceRef;
import io.jrack.manifest.Service;
import io.jrack.discovery.ResourceKind;
import io.jrack.rack.ClusterTools;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code convox kubernetes render}: the objects a deploy would apply, computed as the rack computes
 * them (same discovery, same {@link KubernetesRuntime#objects}), without a cluster. Links within
 * the app resolve to cluster names; a link to another app, whose port only the rack knows, needs
 * its {@code <NAME>_URL} given. Resources the rack would run are rendered with the passwords given
 * (the rack's own, for a GitOps copy of a running app) or new random ones. Build jobs are not printed: they run before a deploy, not as part of
 * what it leaves in the cluster.
 */
public final class Render implements ClusterTools {

  @Override
  public String render(RenderRequest q) {
    ParseResult parsed = ManifestParser.builder().env(q.env()).checkRequiredEnv(true).build().parseText(q.manifest());
    if (!parsed.ok()) {
      throw new IllegalArgumentException("invalid convox.yml:\n" + String.join("\n", parsed.errors().stream().map(Object::toString).toList()));
    }
    Manifest manifest = parsed.manifest().get();
    Map<String, String> params = new LinkedHashMap<>(q.params());
    params.putIfAbsent("RouterHost", q.rack() + ".localhost");
    ClusterParams p = ClusterParams.from(params);
    List<String> problems = new ArrayList<>();
    Map<String, String> images = new LinkedHashMap<>();
    for (Service s : manifest.services()) {
      if (s.image() != null) {
        images.put(s.name(), s.image());
      } else if (p.buildRegistry() == null) {
        problems.add("service %s uses build: and no BuildRegistry is set (pass --param BuildRegistry=registry.example.com/team)".formatted(s.name()));
      } else {
        images.put(s.name(), BuildJobs.image(p.buildRegistry(), Names.namespace(q.rack(), q.app()), s, q.build()));
      }
    }
    List<HasMetadata> resourceObjects = new ArrayList<>();
    Map<String, ResourceEndpoint> resources = new LinkedHashMap<>();
    for (Resource r : manifest.resources()) {
      Optional<ResourceKind> kind = ResourceKind.of(r.type());
      if (kind.isEmpty() || overridden(r, manifest, q.env())) {
        continue;
      }
      String password = q.resourcePasswords().getOrDefault(r.name(), randomPassword());
      ResourceEndpoint credentials = kind.get().at(Names.clusterHost(q.rack(), q.app(), r.name()), kind.get().defaultPort(), password);
      resourceObjects.addAll(ResourceObjects.of(q.rack(), q.app(), r, credentials));
      resources.put(r.name(), ResourceObjects.endpoint(q.rack(), q.app(), r, credentials));
    }
    DiscoveryContext ctx = new DiscoveryContext(new RackInfo(q.rack(), p.routerHost(), List.of(new RackInfo.Listener("http", 80), new RackInfo.Listener("https", 443))),
        q.app(), manifest, q.env(), q.release(), endpoints(q.rack(), q.app(), manifest, resources));
    Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    for (Service s : manifest.services()) {
      Resolution r = ServiceEnvironment.of(ctx, s);
      r.problems().forEach(x -> problems.add("service " + s.name() + ": " + offline(s, x, q.rack())));
      environments.put(s.name(), r.env());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    AppRelease release = new AppRelease(q.app(), q.release(), manifest, environments, Map.of(), routes(ctx, manifest));
    List<HasMetadata> objects = new ArrayList<>(KubernetesRuntime.objects(q.rack(), release, p, images));
    // After the namespace, as a promote provisions resources before it deploys the services.
    objects.addAll(1, Applied.stamped(resourceObjects));
    return yaml(objects);
  }

  /** A cross-app link's port is known to the rack, not to a render: say how to give the URL instead. */
  private static String offline(Service s, String problem, String rack) {
    for (io.jrack.manifest.Link l : s.links()) {
      if (l.isCrossApp() && problem.startsWith("link " + l + ":")) {
        return "link %s: app %s is not in this directory, so its port is unknown here: pass -e %s=http://%s.%s.svc.cluster.local:PORT"
            .formatted(l, l.app(), l.variable(), l.service(), rack + "-" + l.app());
      }
    }
    return problem;
  }

  /** One YAML document per object, {@code ---} between them. */
  static String yaml(List<HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata o : objects) {
      String doc = Serialization.asYaml(o);
      out.append(doc.startsWith("---") ? doc : "---\n" + doc);
      if (!doc.endsWith("\n")) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Public host names per service, as the rack's promoter names them. */
  static List<Routing.Route> routes(DiscoveryContext ctx, Manifest manifest) {
    return manifest.services().stream().filter(Service::hasPort)
        .map(s -> new Routing.Route(s.name(), ServicesTable.publicHosts(ctx, s), !s.servedPublicly(), null)).toList();
  }


  /** As the rack decides: no server when the app's env gives the resource's URL (to every service using it). */
  static boolean overridden(Resource r, Manifest manifest, Map<String, String> env) {
    if (env.containsKey(ResourceRef.parse(r.name(), r.position()).variable())) {
      return true;
    }
    List<ResourceRef> uses = manifest.services().stream().flatMap(s -> s.resources().stream()).filter(ref -> ref.name().equals(r.name())).toList();
    return !uses.isEmpty() && uses.stream().allMatch(ref -> env.containsKey(ref.variable()));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Endpoints endpoints(String rack, String app, Manifest manifest, Map<String, ResourceEndpoint> resources) {
    return new Endpoints() {
      @Override
      public Optional<Endpoint> service(String a, String service) {
        if (!a.equals(app)) {
          return Optional.empty();
        }
        return manifest.service(service).filter(Service::hasPort)
            .map(s -> new Endpoint("http", Names.clusterHost(rack, app, service), s.port().port()));
      }

      @Override
      public Optional<ResourceEndpoint> resource(String a, String resource) {
        return a.equals(app) ? Optional.ofNullable(resources.get(resource)) : Optional.empty();
      }
    };
  }

  @Override
  public String install(String rack, String image, String storage) {
    return yaml(Applied.stamped(RackInstall.objects(rack, image, storage)));
  }
}
