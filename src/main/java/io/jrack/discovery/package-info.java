/**
 * Service discovery, decided purely: given a rack, an app, its manifest, its environment and the
 * endpoints a runtime assigned, which variables each service's processes get ({@link
 * io.jrack.discovery.ServiceEnvironment}) and what {@code convox services} shows ({@link
 * io.jrack.discovery.ServicesTable}), and the DNS names of services ({@link
 * io.jrack.discovery.ServiceNames}) that the rack's resolver answers and links over DNS point at.
 * Runtimes supply endpoints; this package decides names and values.
 */
package io.jrack.discovery;
