/**
 * The client SDK: {@link io.jrack.sdk.RackClient} implements {@link io.jrack.rack.Provider} over
 * the rack's HTTP API (docs/API.md), sending what the Convox client sends, so the CLI never knows
 * whether a rack is local or remote; {@link io.jrack.sdk.KnownRacks} are the racks this machine knows.
 */
package io.jrack.sdk;
