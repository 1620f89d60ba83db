package io.jrack.manifest;

/** A scheduled command run in a service's image; {@code schedule} is normalised to 5-field cron. */
public record Timer(String name, String schedule, String command, String service, String concurrency, Position position) {}
