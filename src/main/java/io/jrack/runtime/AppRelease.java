package io.jrack.runtime;

import io.jrack.discovery.Endpoint;
import io.jrack.manifest.Manifest;
import java.util.Map;

/**
 * A release as a runtime needs it: the manifest, each service's computed environment, and the
 * internal endpoint assigned to each service with a port, and the routes that lead to them.
 */
public record AppRelease(
    String app,
    String release,
    Manifest manifest,
    Map<String, Map<String, String>> environments,
    Map<String, Endpoint> endpoints,
    java.util.List<Routing.Route> routes) {}
