/**
 * Databases and caches for the embedded rack: the real servers (PostgreSQL, Redis, MariaDB/MySQL,
 * memcached) run from the machine's own binaries on loopback, one per app resource, supervised
 * like services, with their data under the rack's directory so that it survives redeploys and
 * rack restarts.
 */
package io.jrack.runtime.resource;
