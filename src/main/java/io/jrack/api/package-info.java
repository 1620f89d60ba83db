/**
 * The rack's HTTP API (docs/API.md): exposes any {@link io.jrack.rack.Provider} with Convox's
 * route shapes, behind HTTP Basic authentication with the rack password.
 */
package io.jrack.api;
