package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convox kubernetes render} and {@code convox rack install kubernetes --dry-run}, as a user runs them. */
class KubernetesCliTest {
  record Run(int code, String out, String err) {}

  static Run convox(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(Map.of("JRACK_HOME", "/nonexistent"), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static List<HasMetadata> parse(String yaml) {
    Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof KubernetesList l) {
      out.addAll(l.getItems());
    } else if (parsed instanceof List<?> l) {
      l.forEach(o -> out.add((HasMetadata) o));
    } else {
      out.add((HasMetadata) parsed);
    }
    return out;
  }

  @Test
  void renderPrintsTheSeedExampleAsObjects() {
    Run r = convox("kubernetes", "render", "examples/nodedemo", "-a", "nodedemo", "--rack", "prod",
        "-p", "BuildRegistry=registry.example.com/team", "-p", "RouterHost=apps.example.com", "-p", "IngressClass=nginx");
    assertThat(r.code()).as(r.err()).isZero();
    List<HasMetadata> objects = parse(r.out());
    assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
        "Namespace/prod-nodedemo", "Secret/database-credentials", "StatefulSet/database", "Service/database", "Secret/web-env", "Deployment/web", "Service/web", "Ingress/web",
        "Secret/api-env", "Deployment/api", "Service/api", "NetworkPolicy/api-internal");
    assertThat(r.out()).contains("host: \"nodedemo-web.apps.example.com\"", "image: \"registry.example.com/team/prod-nodedemo:manual\"");
    // Env values are in the Secret, base64 as the API stores them, never inline in a Deployment.
    assertThat(r.out()).doesNotContain("http://api.prod-nodedemo.svc.cluster.local:3000");
  }

  @Test
  void renderRefusesWhatADeployWouldRefuse(@TempDir Path dir) throws Exception {
    Run noRegistry = convox("kubernetes", "render", "examples/nodedemo", "-a", "nodedemo");
    assertThat(noRegistry.code()).isEqualTo(1);
    assertThat(noRegistry.err()).startsWith("ERROR: service web uses build: and no BuildRegistry is set").doesNotContain("Exception", "\tat ");

    Files.writeString(dir.resolve("convox.yml"), "services:\n  web:\n    image: x:1\n    links:\n      - billing/api\n");
    Run crossApp = convox("kubernetes", "render", dir.toString(), "-a", "store");
    assertThat(crossApp.code()).isEqualTo(1);
    assertThat(crossApp.err()).contains("link billing/api").contains("BILLING_API_URL");
    Run overridden = convox("kubernetes", "render", dir.toString(), "-a", "store", "-e", "BILLING_API_URL=http://api.prod-billing.svc.cluster.local:4000");
    assertThat(overridden.code()).as(overridden.err()).isZero();

    Files.writeString(dir.resolve("convox.yml"), "services:\n  web:\n    image: x:1\n    port: nope\n");
    Run invalid = convox("kubernetes", "render", dir.toString(), "-a", "x");
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).startsWith("ERROR: invalid convox.yml:").contains("port");
  }

  @Test
  void installDryRunPrintsTheRackAndOnlyTheRightsItNeeds() {
    Run r = convox("rack", "install", "kubernetes", "--dry-run", "--name", "prod", "--image", "registry.example.com/jrack:1");
    assertThat(r.code()).as(r.err()).isZero();
    List<HasMetadata> objects = parse(r.out());
    assertThat(objects).extracting(HasMetadata::getKind).containsExactly(
        "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "PersistentVolumeClaim", "Deployment", "Service");
    ClusterRole role = (ClusterRole) objects.get(2);
    assertThat(role.getRules()).allSatisfy(rule -> {
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*", "nodes", "clusterroles", "clusterrolebindings", "customresourcedefinitions");
    });
    assertThat(r.out()).contains("registry.example.com/jrack:1", "--runtime", "claimName: \"jrack-store\"");

    assertThat(convox("rack", "install", "kubernetes", "--dry-run", "--name", "prod", "--image", "registry.example.com/jrack:1").out())
        .as("the same objects, byte for byte, on every run").isEqualTo(r.out());

    Run wet = convox("rack", "install", "kubernetes");
    assertThat(wet.code()).isEqualTo(1);
    assertThat(wet.err()).contains("--dry-run");
    Run other = convox("rack", "install", "aws", "--dry-run");
    assertThat(other.err()).contains("unknown provider: aws (expected: kubernetes)");
  }

  /** The CLI stays light: a command that needs no cluster model loads no fabric8 class (start-up is measured, #8). */
  @Test
  void ordinaryCommandsLoadNoFabric8(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
        "io.jrack.cli.Main", "manifest", "validate", "-f", "examples/nodedemo")
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    String loaded = Files.readString(log);
    assertThat(loaded).contains("io.jrack.cli.ManifestCommand");
    assertThat(loaded).doesNotContain("io.fabric8.", "io.jrack.runtime.kubernetes.");
  }
}
