package io.jrack.rack;

import java.util.Map;

/**
 * The rack itself: name, provider, router host, status, version, its parameters, and its outputs
 * (figures it reports, as Convox's stack outputs: {@code RouterUnexpectedErrors}).
 */
public record SystemInfo(
    String name, String provider, String routerHost, String status, String version, Map<String, String> params,
    Map<String, String> outputs) {}
