package io.jrack.rack.wire;

/**
 * The version {@code GET /system} reports. Convox clients compare it as a string against the dates
 * of protocol changes ({@code 20180708231844}, {@code 20190111211123}) and fall back to older routes
 * for anything not above them, so it must be a Convox release date: this is the Gen2 release whose
 * protocol the API speaks (convox/rack 20250325115244); v3 versions ({@code 3.x}) compare above it too.
 */
public final class ConvoxVersion {
  public static final String PROTOCOL = "20250325115244";

  private ConvoxVersion() {}
}
