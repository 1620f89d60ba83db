package io.jrack.rack.embedded;

import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import java.util.Map;

/** Reads a release's manifest with the release's env, as every part of the embedded rack does. */
final class Manifests {
  private Manifests() {}

  /** {@code requireEnv}: a promote checks that required env is set; other readers only look. */
  static ParseResult parse(String manifest, Map<String, String> env, boolean requireEnv) {
    return ManifestParser.builder().env(env).checkRequiredEnv(requireEnv).build().parseText(manifest);
  }
}
