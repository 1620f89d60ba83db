package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * v3's budget rules, with Convox's wording and in Convox's order. A name in
 * {@code neverAutoShutdown} that is not a service is only a warning, as upstream prints it and
 * carries on. A block that sets none of the checked fields is not checked.
 */
final class BudgetValidator {
  private static final String AUTO_SHUTDOWN = "auto-shutdown";

  private final Diagnostics diagnostics;

  BudgetValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void validate(Manifest m, YMap root) {
    Budget b = m.budget();
    if (b == null || b.isEmpty()) {
      return;
    }
    YMap block = root.get("budget") instanceof YMap map ? map : null;
    if (b.atCapAction() != null && !Set.of("alert-only", "block-new-deploys", AUTO_SHUTDOWN).contains(b.atCapAction())) {
      error(block, "atCapAction", b, "budget.atCapAction must be one of \"alert-only\", \"block-new-deploys\", \"auto-shutdown\"; got \"%s\"".formatted(b.atCapAction()));
    }
    boolean autoShutdown = AUTO_SHUTDOWN.equals(b.atCapAction());
    if (autoShutdown && (b.atCapWebhookUrl() == null || b.atCapWebhookUrl().isBlank())) {
      error(block, "atCapAction", b, "budget.atCapAction \"auto-shutdown\" requires budget.atCapWebhookUrl to be set; auto-shutdown silently killing services without notification is rejected by design");
    }
    if (autoShutdown && !(b.monthlyCapUsd() != null && b.monthlyCapUsd() > 0)) {
      error(block, "atCapAction", b, "budget.atCapAction \"auto-shutdown\" requires budget.monthlyCapUsd > 0; cannot shut down on cap breach without a cap");
    }
    Set<String> services = new HashSet<>();
    m.services().forEach(s -> services.add(s.name()));
    for (String name : b.neverAutoShutdown()) {
      if (!services.contains(name)) {
        diagnostics.warning(position(block, "neverAutoShutdown", b),
            "budget.neverAutoShutdown contains \"%s\" which is not a service in this manifest; ignoring at runtime".formatted(name));
      }
    }
    Integer notify = b.notifyBeforeMinutes();
    if (notify != null && notify != 0 && (notify < 5 || notify > 1440)) {
      error(block, "notifyBeforeMinutes", b, "budget.notifyBeforeMinutes must be between 5 and 1440; got " + notify);
    }
    String grace = b.shutdownGracePeriod();
    if (grace != null && !grace.isBlank()) {
      Optional<Duration> d = GoDuration.tryParse(grace);
      if (d.isEmpty()) {
        error(block, "shutdownGracePeriod", b, "budget.shutdownGracePeriod must be a Go duration string (e.g. \"5m\", \"30s\"); got \"%s\"".formatted(grace));
      } else if (d.get().isNegative() || d.get().compareTo(Duration.ofHours(1)) > 0) {
        error(block, "shutdownGracePeriod", b, "budget.shutdownGracePeriod must be between 0s and 1h; got " + grace);
      }
    }
    if (b.shutdownOrder() != null) {
      switch (b.shutdownOrder()) {
        case "largest-cost", "newest" -> {}
        case "priority-annotation" -> error(block, "shutdownOrder", b,
            "budget.shutdownOrder \"priority-annotation\" reserved for a future release; use \"largest-cost\" or \"newest\"");
        default -> error(block, "shutdownOrder", b,
            "budget.shutdownOrder must be one of \"largest-cost\", \"newest\"; got \"%s\"".formatted(b.shutdownOrder()));
      }
    }
    if (b.recoveryMode() != null) {
      switch (b.recoveryMode()) {
        case "auto-on-reset", "manual" -> {}
        case "scheduled" -> error(block, "recoveryMode", b, "budget.recoveryMode \"scheduled\" reserved for 3.25.0; use \"auto-on-reset\" or \"manual\"");
        default -> error(block, "recoveryMode", b,
            "budget.recoveryMode must be one of \"auto-on-reset\", \"manual\"; got \"%s\"".formatted(b.recoveryMode()));
      }
    }
    if (autoShutdown) {
      if (m.services().isEmpty()) {
        error(block, "atCapAction", b,
            "budget.atCapAction \"auto-shutdown\" requires at least one service in the services block; timer-only apps cannot be auto-shut. Use \"block-new-deploys\" or remove auto-shutdown.");
      } else if (new HashSet<>(b.neverAutoShutdown()).containsAll(services)) {
        error(block, "neverAutoShutdown", b,
            "budget.atCapAction \"auto-shutdown\" with all services listed in neverAutoShutdown leaves no services eligible; either remove a service from neverAutoShutdown or use atCapAction \"block-new-deploys\"");
      }
    }
  }

  private void error(YMap block, String key, Budget b, String message) {
    diagnostics.error(position(block, key, b), message);
  }

  /** The value's own place when it is written, else the {@code budget:} key. */
  private static Position position(YMap block, String key, Budget b) {
    return block != null && block.get(key) != null ? block.get(key).position() : b.position();
  }
}
