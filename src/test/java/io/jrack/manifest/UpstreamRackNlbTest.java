package io.jrack.manifest;

import static io.jrack.manifest.Upstream.assertErrorContains;
import static io.jrack.manifest.Upstream.errorMessages;
import static io.jrack.manifest.Upstream.loaded;
import static io.jrack.manifest.Upstream.rack;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gen2 NLB files of the upstream test data ({@code rack/nlb*.yml}, {@code rack/invalid-nlb-*.yml})
 * and the inline NLB cases of convox/rack's {@code nlb_test.go}, as EXPECTED.md states them.
 * Convox stops at the first error; we report the first problem of each listener, so the order
 * facts are checked as "the earlier rule's message is there and the later one's is not".
 */
class UpstreamRackNlbTest {
  private static final String ACM = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001";

  private static List<Nlb> listeners(String file) {
    Manifest m = loaded(rack(file, Map.of()));
    return Upstream.service(m, "api").nlb();
  }

  private static ParseResult inline(String yaml) {
    return Upstream.parse(yaml, Dialect.GEN2, Map.of());
  }

  private static List<Nlb> inlineListeners(String nlbBlock) {
    Manifest m = loaded(inline("services:\n  api:\n    image: example/api\n" + nlbBlock));
    return m.services().get(0).nlb();
  }

  @Test
  void nlb() {
    Manifest m = loaded(rack("nlb.yml", Map.of()));
    Service api = Upstream.service(m, "api");
    assertThat(api.nlb()).hasSize(2);
    Nlb first = api.nlb().get(0);
    assertThat(first.port()).isEqualTo(8443);
    assertThat(first.protocol()).isEqualTo("tcp");
    assertThat(first.containerPort()).isEqualTo(8443);
    assertThat(first.scheme()).isEqualTo("public");
    Nlb second = api.nlb().get(1);
    assertThat(second.scheme()).isEqualTo("internal");
    assertThat(second.port()).isEqualTo(50051);
    assertThat(second.protocol()).isEqualTo("tcp");
    assertThat(api.port()).isEqualTo(new Port(3000, "http"));
  }

  @Test
  void nlbDifferentContainerPort() {
    Nlb first = listeners("nlb-different-container-port.yml").get(0);
    assertThat(first.port()).isEqualTo(8443);
    assertThat(first.containerPort()).isEqualTo(3000);
  }

  @Test
  void nlbTls() {
    assertThat(listeners("nlb-tls.yml")).containsExactly(new Nlb(443, "tls", 8080, "public", ACM, null, List.of(), null, listeners("nlb-tls.yml").get(0).position()));
  }

  @Test
  void nlbTlsIamCertificatesAreAccepted() {
    Nlb first = listeners("nlb-tls-iam.yml").get(0);
    assertThat(first.protocol()).isEqualTo("tls");
    assertThat(first.certificate()).isEqualTo("arn:aws:iam::123456789012:server-certificate/my-server-cert");
  }

  @Test
  void nlbTlsInternal() {
    Manifest m = loaded(rack("nlb-tls-internal.yml", Map.of()));
    Service api = m.services().get(0);
    Nlb first = api.nlb().get(0);
    assertThat(first.protocol()).isEqualTo("tls");
    assertThat(first.scheme()).isEqualTo("internal");
    assertThat(first.certificate()).isNotEmpty();
    assertThat(api.internal()).isTrue();
  }

  @Test
  void nlbTlsMixed() {
    List<Nlb> nlb = listeners("nlb-tls-mixed.yml");
    assertThat(nlb).hasSize(2);
    assertThat(nlb.get(0).protocol()).isEqualTo("tls");
    assertThat(nlb.get(0).certificate()).isNotEmpty();
    assertThat(nlb.get(1).protocol()).isEqualTo("tcp");
    assertThat(nlb.get(1).certificate()).isNullOrEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      invalid-nlb-agent.yml                      | agent mode is incompatible with nlb ports
      invalid-nlb-bad-proto.yml                  | protocol must be tcp or tls
      invalid-nlb-bad-tcpudp.yml                 | protocol must be tcp or tls
      invalid-nlb-bad-scheme.yml                 | scheme must be public or internal
      invalid-nlb-conflicting-container-port.yml | conflicting containerPort
      invalid-nlb-dup-port.yml                   | duplicate nlb port 8443
      invalid-nlb-port-zero.yml                  | out of range
      invalid-nlb-port-too-high.yml              | out of range
      invalid-nlb-tcp-with-cert.yml              | certificate is only valid with protocol: tls
      invalid-nlb-tls-bad-arn.yml                | must be a full ACM or IAM server-certificate ARN
      """)
  void invalidFilesFailWithTheUpstreamMessage(String file, String expected) {
    ParseResult result = rack(file, Map.of());
    assertErrorContains(result, expected);
    Upstream.assertPositioned(result);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      invalid-nlb-agent.yml                      | service api: agent mode is incompatible with nlb ports
      invalid-nlb-bad-proto.yml                  | service api nlb port 8443: protocol must be tcp or tls, got "udp"
      invalid-nlb-bad-scheme.yml                 | service api nlb port 8443: scheme must be public or internal, got "bogus"
      invalid-nlb-conflicting-container-port.yml | service api: nlb port 8443 declared with conflicting containerPort values
      invalid-nlb-dup-port.yml                   | service api: duplicate nlb port 8443
      invalid-nlb-port-zero.yml                  | service api: nlb port 0 out of range
      invalid-nlb-port-too-high.yml              | service api: nlb port 65536 out of range
      invalid-nlb-tcp-with-cert.yml              | service api nlb port 8080: certificate is only valid with protocol: tls
      invalid-nlb-tls-bad-arn.yml                | service api nlb port 443: certificate must be a full ACM or IAM server-certificate ARN, got "cert-short-id-not-allowed" (run 'convox certs list' to see available ARNs)
      invalid-nlb-tls-no-cert.yml                | service api nlb port 443: protocol tls requires a certificate (provide an ACM ARN; run 'convox certs list' to see available ARNs)
      """)
  void fullUpstreamTextsFromTheSource(String file, String full) {
    Upstream.assertExactError(rack(file, Map.of()), full);
  }

  @Test
  void tlsWithoutCertificate() {
    assertErrorContains(rack("invalid-nlb-tls-no-cert.yml", Map.of()), "protocol tls requires a certificate", "convox certs list");
  }

  @Test
  void protocolIsCheckedBeforeTheCertificate() {
    ParseResult result = rack("invalid-nlb-tls-validator-order.yml", Map.of());
    assertErrorContains(result, "protocol must be tcp or tls");
    assertThat(errorMessages(result)).noneMatch(m -> m.contains("certificate is only valid with protocol: tls"));
  }

  @Test
  void inlineDefaults() {
    Nlb only = inlineListeners("    nlb:\n      - port: 8443\n").get(0);
    assertThat(only.protocol()).isEqualTo("tcp");
    assertThat(only.scheme()).isEqualTo("public");
    assertThat(only.containerPort()).isEqualTo(8443);
    assertThat(only.crossZone()).isNull();
    assertThat(only.allowCidr()).isEmpty();
    assertThat(only.preserveClientIp()).isNull();
  }

  @Test
  void inlineProtocolAndSchemeAreLowerCased() {
    Nlb only = inlineListeners("    nlb:\n      - port: 8443\n        protocol: TCP\n        scheme: Public\n").get(0);
    assertThat(only.protocol()).isEqualTo("tcp");
    assertThat(only.scheme()).isEqualTo("public");
  }

  @ParameterizedTest
  @ValueSource(strings = {"    nlb:\n", "    nlb: []\n"})
  void inlineNullAndEmptyGiveNoListeners(String block) {
    assertThat(inlineListeners(block)).isEmpty();
  }

  @Test
  void inlineTwoListenersOnOneContainerPort() {
    ParseResult result = inline("services:\n  api:\n    image: example/api\n    nlb:\n"
        + "      - port: 443\n        containerPort: 443\n      - port: 8443\n        containerPort: 443\n");
    assertThat(result.manifest()).isEmpty();
    assertThat(errorMessages(result)).anyMatch(m -> m.contains("nlb containerPort 443 used by multiple nlb listeners"));
  }

  @Test
  void inlineMainPortAndNlbListenerOnTheSamePort() {
    loaded(inline("services:\n  api:\n    image: example/api\n    port: http:3000\n    nlb:\n      - port: 3000\n"));
  }

  @Test
  void inlinePortSharedAcrossServices() {
    ParseResult result = inline("services:\n  api:\n    image: example/api\n    nlb:\n      - port: 8443\n"
        + "  web:\n    image: example/web\n    nlb:\n      - port: 8443\n");
    assertErrorContains(result, "nlb port 8443 declared by services");
  }

  @Test
  void inlineOptionsAreParsedAsGiven() {
    Nlb only = inlineListeners("    nlb:\n      - port: 8443\n        cross_zone: true\n"
        + "        allow_cidr: [\"203.0.113.0/24\", \"198.51.100.5/32\"]\n        preserve_client_ip: false\n").get(0);
    assertThat(only.crossZone()).isTrue();
    assertThat(only.allowCidr()).containsExactly("203.0.113.0/24", "198.51.100.5/32");
    assertThat(only.preserveClientIp()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not-a-cidr                    | allow_cidr entry "not-a-cidr" is not a valid IPv4 CIDR
      2001:db8::/32                 | is not a valid IPv4 CIDR
      256.0.0.0/8                   | is not a valid IPv4 CIDR
      10.0.0.0/33                   | is not a valid IPv4 CIDR
      10.0.0.1/24                   | not canonical
      10.0.0.0/24", "10.0.0.0/24    | allow_cidr contains duplicate entry: 10.0.0.0/24
      """)
  void inlineBadAllowCidr(String entries, String expected) {
    ParseResult result = inline("services:\n  api:\n    image: example/api\n    nlb:\n      - port: 8443\n"
        + "        allow_cidr: [\"" + entries + "\"]\n");
    assertErrorContains(result, expected);
  }

  @Test
  void nonCanonicalCidrNamesTheCanonicalForm() {
    ParseResult result = inline("services:\n  api:\n    image: example/api\n    nlb:\n      - port: 8443\n        allow_cidr: [10.0.0.1/24]\n");
    assertErrorContains(result, "allow_cidr entry \"10.0.0.1/24\" is not canonical; use \"10.0.0.0/24\" instead");
  }
}
