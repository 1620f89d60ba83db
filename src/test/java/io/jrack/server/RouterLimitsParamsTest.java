package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.router.RouterLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rack parameters to router limits: what is set applies, what is not is the router's own default. */
class RouterLimitsParamsTest {

  @Test
  void unsetParametersKeepTheRoutersDefaults() {
    assertThat(RouterLimitsParams.from(Map.of())).isEqualTo(RouterLimits.DEFAULT);
  }

  @Test
  void theRackParametersDefaultsAreTheRoutersOwn() {
    assertThat(RouterLimitsParams.defaults()).containsEntry("RouterHeaderTimeout", "10").containsEntry("RouterMaxBodySize", "0");
    assertThat(RouterLimitsParams.from(RouterLimitsParams.defaults())).isEqualTo(RouterLimits.DEFAULT);
  }

  @Test
  void setParametersApply() {
    RouterLimits l = RouterLimitsParams.from(Map.of("RouterIdleTimeout", "5", "RouterMaxBodySize", "2"));
    assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(l.maxBodySize()).isEqualTo(2L * 1024 * 1024);
    assertThat(l.headerTimeout()).isEqualTo(RouterLimits.DEFAULT.headerTimeout());
    assertThat(l.responseTimeout()).isEqualTo(RouterLimits.DEFAULT.responseTimeout());
  }
}
