/**
 * What a rack does, as one interface: {@link io.jrack.rack.Provider}, in the style of
 * convox/convox's {@code structs.Provider}, and the values it takes and returns. The embedded rack
 * implements it ({@code io.jrack.rack.embedded}); the API server exposes it over HTTP; the SDK
 * implements it again over HTTP, so the CLI talks to either the same way. No dependencies.
 */
package io.jrack.rack;
