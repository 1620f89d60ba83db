package io.jrack.runtime.kubernetes;

import java.util.Map;

/**
 * The rack parameters the Kubernetes runtime reads. Blank means unset: no ingress class (the
 * cluster's default class), no TLS issuer (no certificate requested), no build registry (services
 * with {@code build:} cannot be deployed).
 */
public record ClusterParams(String routerHost, String ingressClass, String tlsIssuer, String buildRegistry) {

  public static ClusterParams from(Map<String, String> params) {
    return new ClusterParams(blank(params.get("RouterHost")), blank(params.get("IngressClass")),
        blank(params.get("IngressTlsIssuer")), blank(params.get("BuildRegistry")));
  }

  private static String blank(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
