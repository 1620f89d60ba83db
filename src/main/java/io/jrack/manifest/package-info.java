/**
 * The {@code convox.yml} model: parse, apply Convox's defaults, validate. Pure: text in, a {@link
 * io.jrack.manifest.Manifest} or a list of {@link io.jrack.manifest.Diagnostic}s out, no I/O, no
 * global state. Every error carries the file, line and column it is about.
 */
package io.jrack.manifest;
