package io.jrack.manifest;

import static io.jrack.manifest.Upstream.convox;
import static io.jrack.manifest.Upstream.loaded;
import static io.jrack.manifest.Upstream.names;
import static io.jrack.manifest.Upstream.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The v3 scaling and probe files of the upstream test data (keda.yml, autoscale-*.yml,
 * startup-probe*.yml) and the inline port de-duplication cases, as EXPECTED.md states them.
 */
class UpstreamConvoxScaleTest {

  private static Manifest load(String file) {
    return loaded(convox(file, Map.of()));
  }

  private static Manifest inline(String yaml) {
    return loaded(Upstream.parse(yaml, Dialect.V3, Map.of()));
  }

  @Test
  void keda() {
    Manifest m = load("keda.yml");
    assertThat(names(m)).containsExactly("web");
    Scale scale = m.services().get(0).scale();
    assertThat(scale.kedaEnabled()).isTrue();
    assertThat(scale.keda().triggers()).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo("aws-sqs-queue");
      assertThat(t.metadata()).containsEntry("queueLength", "2");
    });
    // Backward compatibility: keda triggers are not the autoscale block.
    assertThat(scale.declaredMin()).isNull();
    assertThat(scale.declaredMax()).isNull();
    assertThat(scale.autoscaleEnabled()).isFalse();
  }

  @Nested
  class StartupProbes {
    private final Manifest m = load("startup-probe.yml");

    @Test
    void threeServices() {
      assertThat(names(m)).containsExactly("web-custom", "web-inherited", "web-tcp");
    }

    @Test
    void customKeepsItsOwnValuesAndLivenessStaysSeparate() {
      Service s = service(m, "web-custom");
      assertThat(s.startupProbe()).isEqualTo(new StartupProbe("/startup", null, 60, 30, 10, 1, 10));
      assertThat(s.liveness().grace()).isEqualTo(10);
      assertThat(s.liveness().failureThreshold()).isEqualTo(3);
    }

    @Test
    void inheritedTakesTheLivenessTimings() {
      assertThat(service(m, "web-inherited").startupProbe()).isEqualTo(new StartupProbe("/startup", null, 15, 10, 3, 1, 5));
    }

    @Test
    void tcpKeepsWhatIsWrittenAndTakesTheRestFromLiveness() {
      StartupProbe p = service(m, "web-tcp").startupProbe();
      assertThat(p.tcpSocketPort()).isEqualTo("8080");
      assertThat(p.grace()).isEqualTo(30);
      assertThat(p.failureThreshold()).isEqualTo(20);
      assertThat(p.interval()).isEqualTo(5);
      assertThat(p.timeout()).isEqualTo(5);
      assertThat(p.successThreshold()).isEqualTo(1);
    }

    @Test
    void nonGpuServicesNeverGetTheGpuFailureThreshold() {
      assertThat(m.services()).allSatisfy(s -> assertThat(s.startupProbe().failureThreshold()).isNotEqualTo(180));
    }

    @Test
    void backwardCompatibleScale() {
      assertThat(m.services()).allSatisfy(s -> {
        assertThat(s.scale().declaredMin()).isNull();
        assertThat(s.scale().declaredMax()).isNull();
        assertThat(s.scale().autoscaleEnabled()).isFalse();
      });
    }
  }

  @Nested
  class GpuStartupProbes {
    private final Manifest m = load("startup-probe-gpu.yml");

    @Test
    void fiveServices() {
      assertThat(m.services()).hasSize(5);
    }

    @Test
    void gpuDefaultsGetATcpProbeOnTheMainPort() {
      StartupProbe p = service(m, "gpu-defaults").startupProbe();
      assertThat(p).isEqualTo(new StartupProbe(null, "8080", 300, 10, 5, 1, 180));
      assertThat(p.path()).isNullOrEmpty();
    }

    @Test
    void gpuWithLivenessTakesTheLivenessTimings() {
      assertThat(service(m, "gpu-with-liveness").startupProbe()).isEqualTo(new StartupProbe(null, "8080", 10, 5, 5, 1, 3));
    }

    @Test
    void gpuExplicitHttpIsKept() {
      StartupProbe p = service(m, "gpu-explicit-http").startupProbe();
      assertThat(p.path()).isEqualTo("/ready");
      assertThat(p.tcpSocketPort()).isNullOrEmpty();
      assertThat(p.grace()).isEqualTo(45);
      assertThat(p.interval()).isEqualTo(15);
    }

    @Test
    void gpuWithoutPortHasNoProbe() {
      StartupProbe p = service(m, "gpu-no-port").startupProbe();
      assertThat(p.enabled()).isFalse();
      assertThat(p.path()).isNullOrEmpty();
      assertThat(p.tcpSocketPort()).isNullOrEmpty();
      assertThat(List.of(p.grace(), p.failureThreshold(), p.interval(), p.timeout())).containsOnly(0);
    }

    @Test
    void cpuServiceHasNoProbe() {
      StartupProbe p = service(m, "cpu-no-probe").startupProbe();
      assertThat(p.path()).isNullOrEmpty();
      assertThat(p.tcpSocketPort()).isNullOrEmpty();
      assertThat(p.grace()).isZero();
    }

    @Test
    void inlineGpuProbeWithOnlyAFailureThresholdKeepsIt() {
      Manifest inline = inline("services:\n  gpu:\n    build: .\n    port: 8080\n    startupProbe:\n      failureThreshold: 60\n"
          + "    scale:\n      gpu:\n        count: 1\n");
      assertThat(inline.services().get(0).startupProbe()).isEqualTo(new StartupProbe(null, "8080", 300, 10, 5, 1, 60));
    }
  }

  @Test
  void autoscaleGpu() {
    Manifest m = load("autoscale-gpu.yml");
    assertThat(names(m)).containsExactly("vllm");
    Scale scale = m.services().get(0).scale();
    assertThat(scale.declaredMin()).isZero();
    assertThat(scale.declaredMax()).isEqualTo(10);
    assertThat(scale.autoscaleEnabled()).isTrue();
    assertThat(scale.autoscale().gpuUtilization()).isEqualTo(new Autoscale.Trigger(70, "threshold", null, null));
    assertThat(scale.autoscale().queueDepth()).isNull();
    assertThat(List.of(scale.min(), scale.max())).containsExactly(0, 10);
  }

  @Test
  void autoscaleQueue() {
    Manifest m = load("autoscale-queue.yml");
    assertThat(names(m)).containsExactly("worker");
    Scale scale = m.services().get(0).scale();
    assertThat(scale.declaredMin()).isZero();
    assertThat(scale.declaredMax()).isEqualTo(5);
    assertThat(scale.autoscaleEnabled()).isTrue();
    assertThat(scale.autoscale().queueDepth()).isEqualTo(new Autoscale.Trigger(5, "queue", "vllm:num_requests_waiting", null));
    assertThat(scale.autoscale().gpuUtilization()).isNull();
    assertThat(List.of(scale.min(), scale.max())).containsExactly(0, 5);
  }

  @Test
  void autoscaleMinZeroWithoutAutoscaleSetsBothEnds() {
    Manifest m = load("autoscale-min-zero.yml");
    assertThat(names(m)).containsExactly("idle");
    Scale scale = m.services().get(0).scale();
    assertThat(scale.declaredMin()).isZero();
    assertThat(scale.declaredMax()).isNull();
    assertThat(scale.autoscaleEnabled()).isFalse();
    assertThat(List.of(scale.min(), scale.max())).containsExactly(0, 0);
  }

  @Test
  void autoscaleCombined() {
    Manifest m = load("autoscale-combined.yml");
    assertThat(names(m)).containsExactly("inference");
    Scale scale = m.services().get(0).scale();
    assertThat(scale.declaredMin()).isEqualTo(1);
    assertThat(scale.declaredMax()).isEqualTo(8);
    assertThat(scale.autoscaleEnabled()).isTrue();
    Autoscale a = scale.autoscale();
    assertThat(a.cpu()).isEqualTo(new Autoscale.Trigger(70, "threshold", null, null));
    assertThat(a.gpuUtilization()).isEqualTo(new Autoscale.Trigger(75, "threshold", null, null));
    assertThat(a.queueDepth()).isEqualTo(new Autoscale.Trigger(3, "queue", null, null));
    assertThat(a.cooldownPeriod()).isEqualTo(300);
    assertThat(a.pollingInterval()).isEqualTo(15);
    assertThat(List.of(scale.min(), scale.max())).containsExactly(1, 8);
  }

  @Nested
  class PortDeduplication {
    @ParameterizedTest(name = "port: {0} with ports: [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
        4001       | 4001
        https:4001 | 4001
        4001       | "4001"
        """)
    void aTcpEntryRepeatingTheMainPortIsRemoved(String port, String ports) {
      Service s = inline("services:\n  web:\n    port: " + port + "\n    ports:\n      - " + ports + "\n").services().get(0);
      assertThat(s.port().port()).isEqualTo(4001);
      assertThat(s.ports()).isEmpty();
    }

    @Test
    void udpAndOtherNumbersAreKept() {
      Service udp = inline("services:\n  web:\n    port: 4001\n    ports:\n      - 4001/udp\n").services().get(0);
      assertThat(udp.ports()).containsExactly(new PortSpec(4001, "udp"));
      Service other = inline("services:\n  web:\n    port: 4001\n    ports:\n      - 8080\n").services().get(0);
      assertThat(other.ports()).containsExactly(new PortSpec(8080, "tcp"));
    }

    @Test
    void onlyTheMatchingEntryGoes() {
      Service s = inline("services:\n  web:\n    port: 4001\n    ports: [4001, 8080]\n").services().get(0);
      assertThat(s.ports()).containsExactly(new PortSpec(8080, "tcp"));
    }

    @Test
    void eachServiceIsHandledOnItsOwn() {
      Manifest m = inline("services:\n  web:\n    port: 4001\n    ports: [4001, 5000]\n  api:\n    port: 5000\n    ports: [4001, 5000]\n");
      assertThat(service(m, "web").ports()).containsExactly(new PortSpec(5000, "tcp"));
      assertThat(service(m, "api").ports()).containsExactly(new PortSpec(4001, "tcp"));
    }

    @Test
    void aServiceWithOnlyPortsKeepsThem() {
      Service s = inline("services:\n  web:\n    ports: [4001, 8080]\n").services().get(0);
      assertThat(s.port()).as("main port 0: none").isNull();
      assertThat(s.ports()).containsExactly(new PortSpec(4001, "tcp"), new PortSpec(8080, "tcp"));
    }
  }
}
