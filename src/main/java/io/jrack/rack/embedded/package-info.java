/**
 * The embedded rack: {@link io.jrack.rack.Provider} over a {@link io.jrack.store.Store} and a
 * {@link io.jrack.runtime.AppRuntime}. It owns the rules (ids, parameters, promote-time checks,
 * endpoint assignment, release serialization); the store keeps state, the runtime runs processes.
 * {@link io.jrack.rack.embedded.EmbeddedProvider} only wires and delegates: each resource Convox
 * knows (apps, builds, releases, env, processes, resources, parameters, certificates) has its own
 * class here, so a rule lives in one place.
 */
package io.jrack.rack.embedded;
