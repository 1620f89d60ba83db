package io.jrack.cli;

import io.jrack.rack.App;
import io.jrack.rack.Release;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox releases}: list, inspect, promote and roll back an app's releases. */
@Command(name = "releases", mixinStandardHelpOptions = true, description = "List releases for an app.",
    subcommands = {ReleasesCommand.Info.class, ReleasesCommand.Promote.class, ReleasesCommand.Rollback.class})
final class ReleasesCommand extends RackCall.ForApp {

  @Override
  void run() {
    String app = app();
    App a = rack().appGet(app);
    Table t = Table.of("ID", "STATUS", "BUILD", "CREATED", "DESCRIPTION");
    for (Release r : rack().releaseList(app)) {
      t.row(r.id(), status(a, r), r.build(), Ago.of(r.created()), r.description());
    }
    t.print(out());
  }

  /** Convox marks only the active release; a release whose promotion failed says so too. */
  static String status(App app, Release r) {
    if (r.id().equals(app.release())) {
      return "active";
    }
    return "failed".equals(r.status()) ? "failed" : "";
  }

  /** {@code Promoting ID... OK}: the rack waits for the release to be healthy before answering. */
  static void promote(RackCall call, String app, String id) {
    if (id == null || id.isBlank()) {
      throw new UserError("no release to promote");
    }
    call.start("Promoting " + id);
    call.rack().releasePromote(app, id);
    call.ok();
  }

  /** KEY=VALUE lines, sorted. */
  static String envText(Map<String, String> env) {
    return env == null ? "" : new TreeMap<>(env).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Get information about a release.")
  static final class Info extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "RELEASE", description = "The release.")
    String id;

    @Override
    void run() {
      Release r = rack().releaseGet(app(), id);
      new Table.Info()
          .add("Id", r.id())
          .add("Build", r.build())
          .add("Status", r.status())
          .add("Created", r.created() == null ? "" : r.created().truncatedTo(ChronoUnit.SECONDS).toString())
          .add("Description", r.description())
          .add("Env", envText(r.env()))
          .print(out());
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Promote a release (default: the latest).")
  static final class Promote extends RackCall.ForApp {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RELEASE", description = "The release (default: the latest).")
    String id;

    @Option(names = "--wait", description = "Wait for the release to be running (the rack always does).")
    boolean waitFlag;

    @Override
    void run() {
      String app = app();
      String release = id;
      if (release == null) {
        List<Release> all = rack().releaseList(app);
        if (all.isEmpty()) {
          throw new UserError("no releases to promote");
        }
        release = all.get(0).id();
      }
      promote(this, app, release);
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Copy an old release forward and promote it.")
  static final class Rollback extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "RELEASE", description = "The release to go back to.")
    String id;

    @Option(names = "--wait", description = "Wait for the release to be running (the rack always does).")
    boolean waitFlag;

    @Override
    void run() {
      String app = app();
      start("Rolling back to " + id);
      Release old = rack().releaseGet(app, id);
      Release created = rack().releaseCreate(app, old.build(), old.env() == null ? Map.of() : old.env());
      ok(created.id());
      promote(this, app, created.id());
    }
  }
}
