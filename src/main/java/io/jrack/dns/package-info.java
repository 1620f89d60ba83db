/**
 * The rack's embedded DNS resolver: {@code <service>.<app>.<rack>.local} (and, through a
 * container's search domains, {@code <service>.<app>} and {@code <service>}) answered from the
 * {@link io.jrack.dns.ServiceRecords} the rack keeps of each service's healthy instances, every other
 * name forwarded to the machine's resolver. dnsjava reads and writes the wire format; this package
 * decides the answers and bounds what a client can make it do (packet sizes, rate per source,
 * connections, forwards in flight).
 */
package io.jrack.dns;
