/**
 * Puts an embedded rack together: state directory and password, store, certificate authority,
 * router, runtime, provider and API server, in the right order, and takes them down in reverse.
 */
package io.jrack.server;
