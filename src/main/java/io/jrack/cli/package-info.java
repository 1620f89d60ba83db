/**
 * The {@code convox} command line (picocli). It talks to a rack only through {@code io.jrack.sdk};
 * it never loads router, runtime or store classes, which keeps start-up fast.
 */
package io.jrack.cli;
