package io.jrack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convox apps params [APP]} and {@code apps params set K=V...}: an app's parameters, as Convox lists and sets them. */
final class AppsParamsCommand extends RackCall.ForApp {
  String name;

  static CommandSpec spec() {
    AppsParamsCommand c = new AppsParamsCommand();
    CommandSpec spec = Specs.command("params", c, "Display app parameters.");
    spec.addOption(Specs.app(c));
    spec.addPositional(Specs.parameter("0", "0..1", "APP", "The app (default: -a, else the directory's name).", v -> c.name = v));
    Specs.sub(spec, Set.spec());
    return spec;
  }

  @Override
  void run() {
    String app = name != null ? name : app();
    rack().appGet(app);
    // Apps have no parameters on this rack: the list is empty, as Convox prints an app without any.
    new Table.Info().print(out());
  }

  static final class Set extends RackCall.ForApp {
    final List<String> pairs = new ArrayList<>();

    static CommandSpec spec() {
      Set c = new Set();
      CommandSpec spec = Specs.command("set", c, "Set app parameters.");
      spec.addOption(Specs.app(c));
      spec.addPositional(picocli.CommandLine.Model.PositionalParamSpec.builder().index("0..*").arity("1..*").type(String[].class)
          .paramLabel("Key=Value").description("Parameters to set.").setter(new picocli.CommandLine.Model.ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> V set(V value) {
              c.pairs.clear();
              if (value instanceof String[] all) {
                c.pairs.addAll(List.of(all));
              }
              return null;
            }
          }).build());
      return spec;
    }

    @Override
    void run() {
      Map<String, String> params = new LinkedHashMap<>();
      for (String p : pairs) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw new UserError("Key=Value expected: " + p);
        }
        params.put(p.substring(0, eq), p.substring(eq + 1));
      }
      String app = app();
      start("Updating parameters");
      rack().appParamsSet(app, params);
      ok();
    }
  }
}
