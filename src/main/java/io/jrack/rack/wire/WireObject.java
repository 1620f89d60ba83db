package io.jrack.rack.wire;

/** structs.Object: where a stored object is, {@code object://APP/KEY} (Go reads {@code Url} from {@code url}). */
public record WireObject(String url) {}
