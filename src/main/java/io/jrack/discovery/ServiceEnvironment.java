package io.jrack.discovery;

import io.jrack.manifest.Environment;
import io.jrack.manifest.Link;
import io.jrack.manifest.ResourceRef;
import io.jrack.manifest.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes the environment of a service's processes, in layers, each later one winning:
 *
 * <ol>
 *   <li>the app environment, as the manifest's entries select it (top-level, then the service's);
 *   <li>{@code <NAME>_URL} for each declared link, and {@code <NAME>_URL/_HOST/_PORT/_USER/_PASS/_NAME}
 *       for each resource; an app value for {@code <NAME>_URL} overrides the computed one;
 *   <li>{@code APP}, {@code RACK}, {@code SERVICE}, {@code RELEASE} and {@code PORT}, which the rack owns.
 * </ol>
 *
 * Only declared links are injected, never every service of the app.
 */
public final class ServiceEnvironment {
  private ServiceEnvironment() {}

  /** The environment of every service, in manifest order. */
  public static Map<String, Resolution> all(DiscoveryContext ctx) {
    Map<String, Resolution> out = new LinkedHashMap<>();
    for (Service s : ctx.manifest().services()) {
      out.put(s.name(), of(ctx, s));
    }
    return out;
  }

  public static Resolution of(DiscoveryContext ctx, Service service) {
    Map<String, String> appEnv = ctx.appEnv();
    TreeMap<String, String> env = new TreeMap<>();
    List<String> problems = new ArrayList<>();

    var entries = ctx.manifest().environmentOf(service);
    env.putAll(Environment.resolve(entries, appEnv));
    List<String> missing = Environment.missing(entries, appEnv);
    if (!missing.isEmpty()) {
      problems.add("required env: " + String.join(", ", missing));
    }

    for (Link link : service.links()) {
      String variable = link.variable();
      if (appEnv.containsKey(variable)) {
        env.put(variable, appEnv.get(variable));
        continue;
      }
      String app = link.isCrossApp() ? link.app() : ctx.app();
      Optional<Endpoint> endpoint = ctx.endpoints().service(app, link.service());
      if (endpoint.isPresent()) {
        env.put(variable, endpoint.get().url());
      } else {
        problems.add("link %s: no endpoint for service %s of app %s%s".formatted(
            link, link.service(), app, link.isCrossApp() ? " (is it deployed on this rack, with a port?)" : ""));
      }
    }

    for (ResourceRef ref : service.resources()) {
      String override = appEnv.get(ref.variable());
      if (override != null) {
        // Convox v3: the app's own URL replaces the resource; no server is needed.
        env.put(ref.variable(), override);
        ResourceEndpoint.parse(override).ifPresent(e -> putParts(env, ref.prefix(), e));
        continue;
      }
      Optional<ResourceEndpoint> endpoint = ctx.endpoints().resource(ctx.app(), ref.name());
      if (endpoint.isPresent()) {
        env.put(ref.variable(), endpoint.get().url());
        putParts(env, ref.prefix(), endpoint.get());
      } else {
        problems.add("resource %s: not running yet (set %s to use an existing server)".formatted(ref.name(), ref.variable()));
      }
    }

    env.put("APP", ctx.app());
    env.put("RACK", ctx.rack().name());
    env.put("SERVICE", service.name());
    if (ctx.release() != null) {
      env.put("RELEASE", ctx.release());
    }
    service.mainPort().ifPresent(p -> env.put("PORT", Integer.toString(p.port())));
    return new Resolution(Collections.unmodifiableSortedMap(env), List.copyOf(problems));
  }

  private static void putParts(Map<String, String> env, String prefix, ResourceEndpoint e) {
    env.put(prefix + "_HOST", e.host());
    env.put(prefix + "_PORT", Integer.toString(e.port()));
    env.put(prefix + "_USER", e.user() == null ? "" : e.user());
    env.put(prefix + "_PASS", e.password() == null ? "" : e.password());
    env.put(prefix + "_NAME", e.database() == null ? "" : e.database());
  }
}
