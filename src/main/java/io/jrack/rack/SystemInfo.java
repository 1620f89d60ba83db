package io.jrack.rack;

import java.util.Map;

/** The rack itself: name, provider, router host, status, version, and its parameters. */
public record SystemInfo(
    String name, String provider, String routerHost, String status, String version, Map<String, String> params) {}
