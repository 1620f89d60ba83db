/**
 * The client SDK: {@link io.jrack.sdk.RackClient} implements {@link io.jrack.rack.Provider} over
 * the rack's HTTP API (docs/API.md), sending what the Convox client sends, so the CLI never knows
 * whether a rack is local or remote; {@link io.jrack.sdk.KnownRacks} are the racks this machine knows.
 * The routes are grouped by Convox resource ({@code AppCalls}, {@code BuildCalls}, ...) over one shared
 * {@code RackCalls} base, so a route's encoding is written once and the public class stays a list.
 */
package io.jrack.sdk;
