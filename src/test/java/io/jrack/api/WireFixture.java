package io.jrack.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request of src/test/resources/convox-wire (its README says the format) and what its answer must hold. */
record WireFixture(String name, String method, String path, Map<String, String> headers, String body, List<String> expectations) {

  static WireFixture read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int i = 0;
    while (lines.get(i).startsWith("#")) {
      i++;
    }
    String[] request = lines.get(i++).split(" ", 2);
    Map<String, String> headers = new LinkedHashMap<>();
    while (!lines.get(i).isEmpty()) {
      String h = lines.get(i++);
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon), h.substring(colon + 1).strip());
    }
    i++;
    StringBuilder body = new StringBuilder();
    while (!lines.get(i).equals("---")) {
      body.append(body.isEmpty() ? "" : "\n").append(lines.get(i++));
    }
    List<String> expectations = new ArrayList<>(lines.subList(i + 1, lines.size()));
    return new WireFixture(file.getFileName().toString(), request[0], request[1], headers, body.toString(), expectations);
  }

  /** {@code ${NAME}} replaced by what earlier answers saved. */
  static String fill(String text, Map<String, String> saved) {
    String out = text;
    for (Map.Entry<String, String> e : saved.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    if (out.contains("${")) {
      throw new AssertionError("unfilled placeholder in: " + out);
    }
    return out;
  }
}
