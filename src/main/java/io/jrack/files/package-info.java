/** Files only their owner may read (0600): the rack's password, keys, logs and the CLI's rack record. */
package io.jrack.files;
