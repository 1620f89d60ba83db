package io.jrack.rack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  @Test
  void convoxDurations() {
    assertThat(GoDurations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(GoDurations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDurations.parse("2h30m")).isEqualTo(Duration.ofMinutes(150));
    assertThat(GoDurations.parse("1h2m10s")).isEqualTo(Duration.ofSeconds(3730));
    assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDurations.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDurations.parse("1us")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("1\u00b5s")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(GoDurations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDurations.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
    assertThat(GoDurations.parse("+1m")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void goErrorMessages() {
    assertThatThrownBy(() -> GoDurations.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDurations.parse("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDurations.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDurations.parse("10x")).hasMessage("time: unknown unit \"x\" in duration \"10x\"");
    assertThatThrownBy(() -> GoDurations.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
    assertThatThrownBy(() -> GoDurations.parse(".s")).hasMessage("time: invalid duration \".s\"");
    assertThatThrownBy(() -> GoDurations.parse("9999999999h")).hasMessage("time: invalid duration \"9999999999h\"");
  }
}
