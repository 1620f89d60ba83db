package io.jrack.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by the convenience loaders when a manifest has errors; carries every one of them. */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Diagnostic> errors;

  public ManifestException(List<Diagnostic> errors) {
    super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<Diagnostic> errors() {
    return errors;
  }
}
