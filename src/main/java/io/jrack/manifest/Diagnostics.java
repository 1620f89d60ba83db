package io.jrack.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one manifest load, so that every problem is reported at once. */
final class Diagnostics {
  private final String file;
  private final List<Diagnostic> all = new ArrayList<>();

  Diagnostics(String file) {
    this.file = file;
  }

  void error(Position at, String message) {
    all.add(new Diagnostic(file, at, Diagnostic.Severity.ERROR, message));
  }

  void warning(Position at, String message) {
    all.add(new Diagnostic(file, at, Diagnostic.Severity.WARNING, message));
  }

  boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  List<Diagnostic> all() {
    return List.copyOf(all);
  }

  String file() {
    return file;
  }
}
