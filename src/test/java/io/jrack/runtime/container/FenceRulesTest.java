package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules as text: what each container may open, and chain names iptables takes. */
class FenceRulesTest {
  private final FenceRules rules = new FenceRules("jrack-dev-abc123", "podman7", "10.89.6.0/24", "10.89.6.1");

  @Test
  void containersReachTheirOwnAppTheirLinksAndTheirRelaysOnly() {
    var shopWeb = new FenceRules.Member("10.89.6.2", "shop", "web", Set.of(27001), Set.of());
    var shopApi = new FenceRules.Member("10.89.6.3", "shop", "api", Set.of(), Set.of());
    var otherWeb = new FenceRules.Member("10.89.6.4", "other", "web", Set.of(), Set.of());
    var billing = new FenceRules.Member("10.89.6.5", "billing", "worker", Set.of(), Set.of("shop/api"));
    String text = rules.render(List.of(shopWeb, shopApi, otherWeb, billing));

    assertThat(text).startsWith("*filter\n:jrack-dev-abc123-in - [0:0]\n:jrack-dev-abc123-fwd - [0:0]\n").endsWith("COMMIT\n")
        .contains("-A jrack-dev-abc123-fwd -d 10.89.6.0/24 ! -i podman7 -j DROP\n")
        .contains("-A jrack-dev-abc123-in ! -i podman7 -d 10.89.6.1/32 -j DROP\n")
        .contains("-A jrack-dev-abc123-fwd -i podman7 -o podman7 -s 10.89.6.2/32 -d 10.89.6.3/32 -j ACCEPT\n")
        .contains("-A jrack-dev-abc123-fwd -i podman7 -o podman7 -s 10.89.6.5/32 -d 10.89.6.3/32 -j ACCEPT\n")
        .doesNotContain("-s 10.89.6.4/32 -d 10.89.6.3/32")
        .doesNotContain("-s 10.89.6.5/32 -d 10.89.6.2/32")
        .contains("-A jrack-dev-abc123-in -i podman7 -s 10.89.6.2/32 -d 10.89.6.1/32 -p tcp --dport 27001 -j RETURN\n")
        .doesNotContain("-s 10.89.6.4/32 -d 10.89.6.1/32");
    // The last word in each chain refuses; the accepts come before it.
    assertThat(text.indexOf("-o podman7 -p tcp -j REJECT")).isGreaterThan(text.lastIndexOf("-j ACCEPT"));
    assertThat(text.indexOf("-d 10.89.6.1/32 -p tcp -j REJECT")).isGreaterThan(text.lastIndexOf("--dport 27001 -j RETURN"));
  }

  @Test
  void everyContainerOfTheRackOpensTheInternalRoutersPortsOnTheGateway() {
    FenceRules withRouter = new FenceRules("jrack-dev-abc123", "podman7", "10.89.6.0/24", "10.89.6.1", List.of(8443, 8080));
    String text = withRouter.render(List.of(new FenceRules.Member("10.89.6.2", "shop", "web", Set.of(), Set.of())));
    assertThat(text).contains("-A jrack-dev-abc123-in -i podman7 -d 10.89.6.1/32 -p tcp --dport 8080 -j RETURN\n")
        .contains("-A jrack-dev-abc123-in -i podman7 -d 10.89.6.1/32 -p tcp --dport 8443 -j RETURN\n");
    // Only from the bridge: the drop of everything else to the gateway comes first.
    assertThat(text.indexOf("! -i podman7 -d 10.89.6.1/32 -j DROP")).isLessThan(text.indexOf("--dport 8080"));
    assertThat(text.indexOf("-d 10.89.6.1/32 -p tcp -j REJECT")).isGreaterThan(text.indexOf("--dport 8443"));
    assertThat(rules.render(List.of())).as("no internal router, no port").doesNotContain("--dport 8080");
  }

  @Test
  void chainNamesFitIptablesAndStayApartForLongRackNames() {
    assertThat(FenceRules.prefixFor("jrack-dev-abc123")).isEqualTo("jrack-dev-abc123");
    String a = FenceRules.prefixFor("jrack-a-very-long-rack-name-one-abc123");
    String b = FenceRules.prefixFor("jrack-a-very-long-rack-name-two-abc123");
    assertThat(a).hasSizeLessThanOrEqualTo(FenceRules.MAX_PREFIX).isNotEqualTo(b);
    assertThat(new FenceRules(a, "", "", "").fwdChain()).hasSizeLessThanOrEqualTo(28);
  }
}
