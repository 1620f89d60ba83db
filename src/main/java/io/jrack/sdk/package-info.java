/**
 * The client SDK: {@link io.jrack.sdk.RackClient} implements {@link io.jrack.rack.Provider} over
 * the rack's HTTP API (docs/API.md), so the CLI never knows whether a rack is local or remote.
 */
package io.jrack.sdk;
