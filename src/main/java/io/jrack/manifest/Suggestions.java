package io.jrack.manifest;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelled keys: the closest known word within a small edit distance. */
final class Suggestions {
  /** Beyond this many candidates no suggestion is made: the search is quadratic, and a guess among so many is noise. */
  static final int MAX_CANDIDATES = 200;

  /** Longer words get no suggestion: names and keys are short, and the distance is quadratic in length. */
  static final int MAX_LENGTH = 64;

  private Suggestions() {}

  static Optional<String> closest(String word, Collection<String> known) {
    if (known.size() > MAX_CANDIDATES || word.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = word.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, word.length() / 3));
    for (String candidate : known) {
      if (Math.abs(candidate.length() - word.length()) > allowed) {
        continue; // the distance is at least the difference in length
      }
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /**
   * Edit distance counting an adjacent swap as one edit (optimal string alignment), since swapped
   * letters ({@code prot} for {@code port}) are the commonest typo. Keys are short: the table is fine.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
