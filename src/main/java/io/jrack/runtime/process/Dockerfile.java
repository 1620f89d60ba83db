package io.jrack.runtime.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its instructions: continuation lines joined, comments dropped, each instruction
 * with the line it starts on, so that a refusal can name it ({@code Dockerfile:4: RUN npm install}).
 */
record Dockerfile(String name, List<Dockerfile.Instruction> instructions) {

  /** One instruction: its keyword in upper case and its arguments as written. */
  record Instruction(int line, String keyword, String arguments) {
    /** {@code RUN npm install}, as a message quotes it. */
    String text() {
      return keyword + " " + arguments.replaceAll("\\s+", " ");
    }

    /** Where it is: {@code Dockerfile:4}. */
    String at(String file) {
      return file + ":" + line;
    }
  }

  static Dockerfile parse(String name, List<String> lines) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (logical.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (logical.isEmpty()) {
        start = i + 1;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String instruction = logical.toString().strip();
      logical.setLength(0);
      String[] parts = instruction.split("\\s+", 2);
      out.add(new Instruction(start, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
    }
    return new Dockerfile(name, out);
  }
}
