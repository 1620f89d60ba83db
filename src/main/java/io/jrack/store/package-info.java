/**
 * The rack's durable state: apps, builds, releases, parameters and endpoint assignments, in one
 * SQLite file in the rack's directory (mode 0600). Every write is a transaction; a crash at any
 * point leaves the last committed state readable.
 */
package io.jrack.store;
