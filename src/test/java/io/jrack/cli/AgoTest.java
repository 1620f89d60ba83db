package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgoTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static String ago(Duration d) {
    return Ago.of(NOW.minus(d), NOW);
  }

  @Test
  void likeGoHumanize() {
    assertThat(ago(Duration.ofMillis(400))).isEqualTo("now");
    assertThat(ago(Duration.ofSeconds(1))).isEqualTo("1 second ago");
    assertThat(ago(Duration.ofSeconds(5))).isEqualTo("5 seconds ago");
    assertThat(ago(Duration.ofSeconds(59))).isEqualTo("59 seconds ago");
    assertThat(ago(Duration.ofSeconds(60))).isEqualTo("1 minute ago");
    assertThat(ago(Duration.ofSeconds(119))).isEqualTo("1 minute ago");
    assertThat(ago(Duration.ofMinutes(2))).isEqualTo("2 minutes ago");
    assertThat(ago(Duration.ofMinutes(59))).isEqualTo("59 minutes ago");
    assertThat(ago(Duration.ofMinutes(90))).isEqualTo("1 hour ago");
    assertThat(ago(Duration.ofHours(3))).isEqualTo("3 hours ago");
    assertThat(ago(Duration.ofHours(23))).isEqualTo("23 hours ago");
    assertThat(ago(Duration.ofHours(30))).isEqualTo("1 day ago");
    assertThat(ago(Duration.ofDays(2))).isEqualTo("2 days ago");
    assertThat(ago(Duration.ofDays(10))).isEqualTo("1 week ago");
    assertThat(ago(Duration.ofDays(20))).isEqualTo("2 weeks ago");
    assertThat(ago(Duration.ofDays(45))).isEqualTo("1 month ago");
    assertThat(ago(Duration.ofDays(100))).isEqualTo("3 months ago");
    assertThat(ago(Duration.ofDays(400))).isEqualTo("1 year ago");
    assertThat(ago(Duration.ofDays(600))).isEqualTo("2 years ago");
    assertThat(ago(Duration.ofDays(3650))).isEqualTo("10 years ago");
    assertThat(ago(Duration.ofDays(365 * 50))).isEqualTo("a long while ago");
  }

  @Test
  void futureTimesAndNoTime() {
    assertThat(Ago.of(NOW.plusSeconds(30), NOW)).isEqualTo("30 seconds from now");
    assertThat(Ago.of(null, NOW)).isEmpty();
  }

  @Test
  void elapsedIsMinutesAndSecondsLikeConvox() {
    Instant start = NOW;
    assertThat(Ago.elapsed(start, start.plusMillis(1500))).isEqualTo("1s");
    assertThat(Ago.elapsed(start, start.plusSeconds(42))).isEqualTo("42s");
    assertThat(Ago.elapsed(start, start.plusSeconds(60))).isEqualTo("1m0s");
    assertThat(Ago.elapsed(start, start.plusSeconds(3 * 60 + 7))).isEqualTo("3m7s");
    assertThat(Ago.elapsed(start, start.plusSeconds(2 * 3600 + 5))).isEqualTo("120m5s");
    assertThat(Ago.elapsed(start, null)).isEmpty();
  }
}
