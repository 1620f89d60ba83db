package io.jrack.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table as Convox's {@code stdcli} prints one: an upper-case header row, then one row per item;
 * each column as wide as its widest cell, two spaces between columns, no trailing spaces.
 */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> headers) {
    this.headers = headers;
  }

  static Table of(String... headers) {
    return new Table(List.of(headers));
  }

  /** Adds a row; null cells print as empty, missing cells too. */
  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(c == null ? "" : c.toString());
    }
    rows.add(row);
    return this;
  }

  List<String> lines() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        if (i < r.size()) {
          widths[i] = Math.max(widths[i], r.get(i).length());
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(headers, widths));
    for (List<String> r : rows) {
      out.add(line(r, widths));
    }
    return out;
  }

  void print(PrintWriter out) {
    lines().forEach(out::println);
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = i < cells.size() ? cells.get(i) : "";
      if (i > 0) {
        b.append("  ");
      }
      b.append(cell);
      b.repeat(' ', widths[i] - cell.length());
    }
    return stripTrailing(b.toString());
  }

  static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  /**
   * A key/value list ({@code convox rack}, {@code apps info}...): keys padded to the widest key plus
   * two spaces; a value's further lines are indented to the value column.
   */
  static final class Info {
    private final List<String[]> rows = new ArrayList<>();

    Info add(String key, Object value) {
      rows.add(new String[] {key, value == null ? "" : value.toString()});
      return this;
    }

    List<String> lines() {
      int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
      String indent = " ".repeat(width + 2);
      List<String> out = new ArrayList<>();
      for (String[] r : rows) {
        List<String> valueLines = Arrays.asList(r[1].split("\n", -1));
        StringBuilder b = new StringBuilder(r[0]);
        b.repeat(' ', width - r[0].length() + 2).append(valueLines.get(0));
        out.add(stripTrailing(b.toString()));
        for (String more : valueLines.subList(1, valueLines.size())) {
          out.add(stripTrailing(indent + more));
        }
      }
      return out;
    }

    void print(PrintWriter out) {
      lines().forEach(out::println);
    }
  }
}
