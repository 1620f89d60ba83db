package io.jrack.manifest;

import java.util.List;

/**
 * v3's top-level {@code budget:} block: a monthly cost cap and what happens at the cap. Fields are
 * null (or an empty list) when not written; {@code shutdownGracePeriod} is kept as written, a Go
 * duration string such as {@code 5m}.
 */
public record Budget(
    Double monthlyCapUsd,
    Integer alertThresholdPercent,
    String atCapAction,
    String atCapWebhookUrl,
    List<String> neverAutoShutdown,
    String shutdownOrder,
    Integer notifyBeforeMinutes,
    String shutdownGracePeriod,
    String recoveryMode,
    Position position) {

  /** True when nothing that the rules look at is set; such a block is not checked. */
  public boolean isEmpty() {
    return monthlyCapUsd == null && atCapAction == null && atCapWebhookUrl == null && neverAutoShutdown.isEmpty()
        && shutdownOrder == null && notifyBeforeMinutes == null && shutdownGracePeriod == null && recoveryMode == null;
  }
}
