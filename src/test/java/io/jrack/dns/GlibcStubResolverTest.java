package io.jrack.dns;

import static io.jrack.dns.FakeUpstream.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's own C library as the client, as a container's programs will use the resolver:
 * {@code getent} in a mount namespace of its own where {@code /etc/resolv.conf} is the one a container
 * of app nodedemo would get (the rack's resolver, search {@code nodedemo.dev.local dev.local}). glibc
 * only asks port 53, so the resolver listens on port 53 of a random 127.x address. Needs root (for the
 * namespace and the port); skipped, saying so, without it.
 */
class GlibcStubResolverTest {
  @TempDir Path dir;
  private ServiceRecords records;
  private RackResolver resolver;
  private FakeUpstream upstream;
  private Path resolvConf;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/bin/getent")), "needs unshare and getent");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root: a mount namespace and port 53");
    records = new ServiceRecords();
    records.publish("nodedemo", "api", List.of(new ServicePort("http", 3000, "tcp")), List.of(
        Instance.healthy("api-a", address("127.0.0.11")), Instance.healthy("api-b", address("127.0.0.12")),
        Instance.healthy("api-c", address("127.0.0.13"))));
    upstream = new FakeUpstream();
    String host = "127.53.%d.%d".formatted(ThreadLocalRandom.current().nextInt(1, 255), ThreadLocalRandom.current().nextInt(1, 255));
    resolver = RackResolver.builder().rack("dev").records(records).listen(new InetSocketAddress(host, 53))
        .upstreams(List.of(upstream.address())).build().start();
    resolvConf = dir.resolve("resolv.conf");
    Files.writeString(resolvConf, "nameserver %s\nsearch nodedemo.dev.local dev.local\noptions ndots:1 timeout:2 attempts:2\n".formatted(host));
  }

  @AfterEach
  void stop() {
    if (resolver != null) {
      resolver.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void shortAndFullNamesResolveToEveryHealthyInstance() throws Exception {
    for (String name : List.of("api", "api.nodedemo", "api.nodedemo.dev.local")) {
      assertThat(getent(name)).as(name).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    }
    records.health("nodedemo", "api", "api-b", false);
    assertThat(getent("api")).containsExactly("127.0.0.11", "127.0.0.13");

    assertThat(getent("nosuch")).isEmpty();
    assertThat(getent("www.example.test")).containsExactly("127.0.0.9");
    assertThat(upstream.asked).doesNotContain("nosuch.").contains("www.example.test.");
  }

  /** The IPv4 addresses glibc finds for {@code name}, sorted and without repeats. */
  private List<String> getent(String name) throws IOException, InterruptedException {
    String script = "mount --bind \"$1\" /etc/resolv.conf && exec getent ahostsv4 \"$2\"";
    Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", resolvConf.toString(), name)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("getent " + name + " finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("getent %s: %s", name, out).isIn(0, 2);
    return out.lines().map(l -> l.split("\\s+")[0]).distinct().sorted().toList();
  }
}
