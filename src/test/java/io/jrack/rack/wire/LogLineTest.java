package io.jrack.rack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLineTest {
  @Test
  void serviceLinesGetConvoxsSourceAndTime() {
    assertThat(LogLine.convox("2026-12-03T08:00:01.123456789Z web/web-56c27c api listening on 3000"))
        .isEqualTo("2026-12-03T08:00:01Z service/web/web-56c27c api listening on 3000");
    assertThat(LogLine.convox("2026-12-03T08:00:01Z system/rack release R1 promoted")).isEqualTo("2026-12-03T08:00:01Z system/rack release R1 promoted");
    assertThat(LogLine.convox("2026-12-03T08:00:01.5Z resource/database ready")).isEqualTo("2026-12-03T08:00:01Z resource/database ready");
    assertThat(LogLine.convox("2026-12-03T08:00:01Z service/web/web-1 already shaped")).isEqualTo("2026-12-03T08:00:01Z service/web/web-1 already shaped");
    assertThat(LogLine.convox("not a log line")).isEqualTo("not a log line");
    assertThat(LogLine.convox("yesterday web/w-1 x")).isEqualTo("yesterday web/w-1 x");
  }
}
