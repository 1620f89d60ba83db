package io.jrack.rack;

import java.time.Instant;

/** A running (or restarting) process of a service, as {@code convox ps} lists it. */
public record ProcessInfo(
    String id, String app, String service, String status, String release, Instant started, String command,
    String host, int port) {}
