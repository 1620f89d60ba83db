/**
 * The rack's HTTP API (docs/API.md): exposes any {@link io.jrack.rack.Provider} with Convox's own
 * protocol (its routes, form parameters, the JSON of {@link io.jrack.rack.wire}, its websockets), so
 * the real {@code convox} client works against it, behind HTTP Basic authentication with the rack
 * password. {@link io.jrack.api.ApiServer} holds what every route shares (authentication, the
 * read-only refusal, error answers); the routes themselves are registered by one {@code *Routes}
 * class per Convox resource, so a route and its parameter rules sit together.
 */
package io.jrack.api;
