package io.jrack.manifest;

import java.util.Map;

/** Builds a {@link ManifestParser}. */
public final class ManifestParserBuilder {
  private String file = "convox.yml";
  private Map<String, String> env = Map.of();
  private Dialect dialect;
  private boolean checkRequiredEnv;

  ManifestParserBuilder() {}

  /** The name used in diagnostics, as the user would type it. */
  public ManifestParserBuilder file(String file) {
    this.file = file;
    return this;
  }

  /** The app environment, used for {@code ${VAR}} and, when checked, for required variables. */
  public ManifestParserBuilder env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  /** Forces a dialect; by default it is detected from the keys the file uses. */
  public ManifestParserBuilder dialect(Dialect dialect) {
    this.dialect = dialect;
    return this;
  }

  /** Fail with {@code required env: A, B} when required variables have no value in the env. */
  public ManifestParserBuilder checkRequiredEnv(boolean check) {
    this.checkRequiredEnv = check;
    return this;
  }

  public ManifestParser build() {
    return new ManifestParser(file, env, dialect, checkRequiredEnv);
  }
}
