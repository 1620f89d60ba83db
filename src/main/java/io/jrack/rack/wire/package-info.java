/**
 * Convox's wire format: the JSON objects the Convox API answers with, by the field names and types
 * its clients decode (convox/rack and convox/convox {@code pkg/structs}), the {@code K=V} text an
 * environment travels as, and Go's duration text. The API server writes these, the SDK reads them;
 * both convert from and to the {@link io.jrack.rack} records. Depends on {@code io.jrack.rack} only.
 */
package io.jrack.rack.wire;
