package io.jrack.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code convox --version}: the jar's implementation version. */
public final class Version implements IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"jrack " + current()};
  }
}
