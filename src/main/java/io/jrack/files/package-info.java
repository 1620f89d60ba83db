/**
 * The rack's files, safely: files only their owner may read (0600: the rack's password, keys, logs,
 * the CLI's rack record) and paths derived from names that stay under the rack's directory.
 */
package io.jrack.files;
