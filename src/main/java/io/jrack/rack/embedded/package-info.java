/**
 * The embedded rack: {@link io.jrack.rack.Provider} over a {@link io.jrack.store.Store} and a
 * {@link io.jrack.runtime.AppRuntime}. It owns the rules (ids, parameters, promote-time checks,
 * endpoint assignment, release serialization); the store keeps state, the runtime runs processes.
 */
package io.jrack.rack.embedded;
