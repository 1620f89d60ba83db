package io.jrack.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CoreDNS rule for the rack's aliases: what it rewrites, what it leaves alone, and that the docs show it as built. */
class ClusterDnsTest {

  @Test
  void aliasesOfTheRackZoneBecomeTheServicesClusterNamesAndNothingElseDoes() {
    Pattern alias = Pattern.compile(ClusterDns.aliasPattern("dev"));
    Matcher m = alias.matcher("api.nodedemo.dev.local.");
    assertThat(m.matches()).isTrue();
    assertThat(ClusterDns.clusterTemplate("dev").replace("{1}", m.group(1)).replace("{2}", m.group(2)))
        .isEqualTo("api.dev-nodedemo.svc.cluster.local.");
    assertThat(alias.matcher("api.nodedemo.prod.local.").matches()).as("another rack's zone").isFalse();
    assertThat(alias.matcher("x.api.nodedemo.dev.local.").matches()).as("deeper names").isFalse();
    assertThat(alias.matcher("api.nodedemo.dev.local.example.com.").matches()).as("a suffix").isFalse();
    assertThat(alias.matcher("apixnodedemoxdevxlocal.").matches()).as("dots are dots").isFalse();
  }

  @Test
  void theDocsShowTheRuleAsTheRackGivesIt() throws Exception {
    assertThat(Files.readString(Path.of("docs/DISCOVERY.md"))).contains(ClusterDns.rewrite("dev"));
  }
}
