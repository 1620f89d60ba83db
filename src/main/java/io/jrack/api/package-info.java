/**
 * The rack's HTTP API (docs/API.md): exposes any {@link io.jrack.rack.Provider} with Convox's own
 * protocol (its routes, form parameters, the JSON of {@link io.jrack.rack.wire}, its websockets), so
 * the real {@code convox} client works against it, behind HTTP Basic authentication with the rack
 * password.
 */
package io.jrack.api;
