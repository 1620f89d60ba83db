package io.jrack.rack;

import java.time.Instant;

/**
 * A machine the rack runs processes on, as {@code convox instances} lists it: {@code cpu} and
 * {@code memory} are the fractions in use (0 to 1), {@code processes} the rack's processes on it.
 */
public record InstanceInfo(String id, String status, Instant started, int processes, double cpu, double memory,
    String publicIp, String privateIp) {}
