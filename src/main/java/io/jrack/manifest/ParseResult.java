package io.jrack.manifest;

import java.util.List;
import java.util.Optional;

/**
 * What parsing a manifest gave: the manifest when there was no error, and every diagnostic (errors
 * and warnings) in file order.
 */
public record ParseResult(Optional<Manifest> manifest, List<Diagnostic> diagnostics) {

  public boolean ok() {
    return manifest.isPresent();
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }

  /** The manifest, or a {@link ManifestException} carrying every error. */
  public Manifest orThrow() throws ManifestException {
    if (manifest.isEmpty()) {
      throw new ManifestException(errors());
    }
    return manifest.get();
  }
}
