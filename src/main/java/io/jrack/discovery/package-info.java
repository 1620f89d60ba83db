/**
 * Service discovery, decided purely: given a rack, an app, its manifest, its environment and the
 * endpoints a runtime assigned, which variables each service's processes get ({@link
 * io.jrack.discovery.ServiceEnvironment}) and what {@code convox services} shows ({@link
 * io.jrack.discovery.ServicesTable}). Runtimes supply endpoints; this package decides names and values.
 */
package io.jrack.discovery;
