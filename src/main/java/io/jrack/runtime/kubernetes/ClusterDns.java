package io.jrack.runtime.kubernetes;

import io.jrack.discovery.ServiceNames;
import java.util.List;

/**
 * The rack's service names on a cluster, where the cluster's DNS answers them, not the rack:
 * {@code <service>} is the Service of that name in the pod's own namespace (the first entry of every
 * pod's search list); {@code <service>.<app>.<rack>.local}, and {@code <service>.<app>} through
 * the search domains {@code <app>.<rack>.local <rack>.local} each pod gets, are aliases that
 * CoreDNS's {@code rewrite} plugin turns into the Service's cluster name
 * {@code <service>.<rack>-<app>.svc.cluster.local} (the rule {@link #rewrite} gives, which the
 * cluster's operator adds to CoreDNS once per rack: the rack does not edit cluster-wide DNS).
 * ExternalName Services cannot make these names: a Service name is one label in a namespace, and
 * {@code <rack>.local} is no zone the cluster's DNS serves.
 */
public final class ClusterDns {
  /** The annotation that names a Service's alias, as Convox v3's {@code convox.com/alias} does. */
  static final String ALIAS = "jrack.io/dns-name";

  private ClusterDns() {}

  /** Appended to a pod's search list: its app's domain, then the rack's. */
  static List<String> searches(String rack, String app) {
    return ServiceNames.searchDomains(rack, app);
  }

  /** The name the rack's DNS gives the service, {@code <service>.<app>.<rack>.local}. */
  static String alias(String rack, String app, String service) {
    return ServiceNames.host(rack, app, service);
  }

  /** The pattern of the rule: a name of the rack's zone, two labels deep (service, app). */
  public static String aliasPattern(String rack) {
    return "^([a-z0-9-]+)\\.([a-z0-9-]+)\\." + ServiceNames.zone(rack).replace(".", "\\.") + "\\.$";
  }

  /** What {@link #aliasPattern} rewrites to: the Service's cluster name ({@code $1}: service, {@code $2}: app). */
  public static String clusterTemplate(String rack) {
    return "{1}." + rack + "-{2}.svc.cluster.local.";
  }

  /**
   * The CoreDNS rule for the rack's aliases, for the {@code .:53} block of the cluster's Corefile (or
   * a {@code coredns-custom} import where the distribution has one): queries are rewritten to the
   * Service's cluster name, answers back to the name asked.
   */
  public static String rewrite(String rack) {
    String answer = "^([a-z0-9-]+)\\." + rack + "-([a-z0-9-]+)\\.svc\\.cluster\\.local\\.$";
    return """
        rewrite stop {
            name regex %s %s
            answer name %s {1}.{2}.%s.
        }
        """.formatted(aliasPattern(rack), clusterTemplate(rack), answer, ServiceNames.zone(rack));
  }
}
