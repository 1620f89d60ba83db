package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's {@code time.ParseDuration}: what it accepts and its messages, for manifests and CLI flags alike. */
class GoDurationTest {

  @Test
  void convoxDurations() {
    assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(GoDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDuration.parse("2h30m")).isEqualTo(Duration.ofMinutes(150));
    assertThat(GoDuration.parse("1h2m10s")).isEqualTo(Duration.ofSeconds(3730));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDuration.parse("1\u00b5s")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
    assertThat(GoDuration.parse("+1m")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void goErrorMessages() {
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parse("10x")).hasMessage("time: unknown unit \"x\" in duration \"10x\"");
    assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
    assertThatThrownBy(() -> GoDuration.parse(".s")).hasMessage("time: invalid duration \".s\"");
    assertThatThrownBy(() -> GoDuration.parse("9999999999h")).hasMessage("time: invalid duration \"9999999999h\"");
  }

  @Test
  void extremesAndLengthBound() {
    assertThat(GoDuration.parse("-9223372036854775808ns")).isEqualTo(Duration.ofNanos(Long.MIN_VALUE));
    assertThatThrownBy(() -> GoDuration.parse("9223372036854775808ns")).hasMessage("time: invalid duration \"9223372036854775808ns\"");
    assertThat(GoDuration.parse("1.s")).isEqualTo(Duration.ofSeconds(1));
    String huge = "1".repeat(200) + "s";
    assertThatThrownBy(() -> GoDuration.parse(huge)).hasMessageStartingWith("time: invalid duration");
  }

  @Test
  void tryParseIsEmptyWhereParseThrows() {
    assertThat(GoDuration.tryParse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.tryParse("5")).isEmpty();
    assertThat(GoDuration.tryParse(null)).isEmpty();
  }

  @Test
  void formatWritesWhatGosDurationStringWritesAndParseReadsItBack() {
    assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDuration.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(GoDuration.format(Duration.ofMinutes(2))).isEqualTo("2m0s");
    assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDuration.format(Duration.ofSeconds(-90))).isEqualTo("-1m30s");
    for (long s : new long[] {0, 1, 59, 60, 61, 3599, 3600, 86_400 * 3 + 7}) {
      assertThat(GoDuration.parse(GoDuration.format(Duration.ofSeconds(s)))).isEqualTo(Duration.ofSeconds(s));
    }
  }
}
