package io.jrack.manifest;

import java.util.List;

/**
 * A gen2 network load balancer listener ({@code nlb:} on a service). {@code crossZone} and
 * {@code preserveClientIp} are null when not written.
 */
public record Nlb(
    int port,
    String protocol,
    int containerPort,
    String scheme,
    String certificate,
    Boolean crossZone,
    List<String> allowCidr,
    Boolean preserveClientIp,
    Position position) {}
