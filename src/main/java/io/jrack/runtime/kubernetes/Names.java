package io.jrack.runtime.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How rack objects are named and labelled in a cluster. One namespace per app, {@code <rack>-<app>},
 * so that two racks can share a cluster and deleting an app is deleting its namespace.
 */
final class Names {
  static final String RACK = "jrack.io/rack";
  static final String APP = "jrack.io/app";
  static final String SERVICE = "jrack.io/service";
  static final String RESOURCE = "jrack.io/resource";
  static final String RELEASE = "jrack.io/release";
  static final String ROLE = "jrack.io/role";
  /** Hash of what the rack applied, so a redeploy leaves unchanged objects alone. */
  static final String APPLIED = "jrack.io/applied";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private Names() {}

  static String namespace(String rack, String app) {
    String ns = rack + "-" + app;
    if (ns.length() > 63) {
      // Namespaces are DNS labels; rack and app names are short by rule, but a long rack name could pass.
      throw new IllegalArgumentException("namespace %s is longer than 63 characters (shorten the rack or app name)".formatted(ns));
    }
    return ns;
  }

  /** {@code <service>.<namespace>.svc.cluster.local}: what a pod anywhere in the cluster resolves. */
  static String clusterHost(String rack, String app, String name) {
    return name + "." + namespace(rack, app) + ".svc.cluster.local";
  }

  static String envSecret(String service) {
    return service + "-env";
  }

  static Map<String, String> appLabels(String rack, String app) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(MANAGED_BY, "jrack");
    out.put(RACK, rack);
    out.put(APP, app);
    return out;
  }

  static Map<String, String> serviceLabels(String rack, String app, String service) {
    Map<String, String> out = appLabels(rack, app);
    out.put(SERVICE, service);
    return out;
  }

  /** What selects a service's pods: stable across releases, so a Service keeps its endpoints during a rollout. */
  static Map<String, String> selector(String app, String service) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(APP, app);
    out.put(SERVICE, service);
    return out;
  }

  static Map<String, String> resourceLabels(String rack, String app, String resource) {
    Map<String, String> out = appLabels(rack, app);
    out.put(RESOURCE, resource);
    return out;
  }
}
