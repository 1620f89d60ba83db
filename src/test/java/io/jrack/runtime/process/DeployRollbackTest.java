package io.jrack.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.discovery.Endpoint;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.rack.ProcessInfo;
import io.jrack.router.Router;
import io.jrack.router.RouterConfig;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.ToolProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy that fails part way, without a rack: a real {@link ProcessRuntime} running tiny real
 * HTTP servers (one compiled class), a real {@link Router} on 127.0.0.1. After the failure exactly
 * the previous release serves: no process, pid file, endpoint or group of the new one is left.
 */
class DeployRollbackTest {
  private static final String APP = "shop";
  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
  private static final String TINY = """
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetSocketAddress;
      public class Tiny {
        public static void main(String[] a) throws Exception {
          if (a.length > 1) Thread.sleep(Long.parseLong(a[1]));
          HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
          byte[] body = ("release " + a[0]).getBytes();
          s.createContext("/", x -> { x.sendResponseHeaders(200, body.length); x.getResponseBody().write(body); x.close(); });
          s.start();
        }
      }
      """;

  @TempDir
  Path tmp;
  private Path build;
  private Router router;
  private ProcessRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    build = Files.createDirectories(tmp.resolve("build"));
    Path source = Files.writeString(build.resolve("Tiny.java"), TINY);
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", build.toString(), source.toString())).isZero();
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    runtime = new ProcessRuntime(tmp.resolve("state"), router, (app, source2, line) -> {}, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    runtime.close();
    router.close();
  }

  @Test
  void aDeployWhoseEndpointPortIsTakenLeavesThePreviousReleaseServing() throws Exception {
    int webPort = freePort();
    runtime.deploy(release("R1", Map.of("web", webPort), ""), build);
    assertThat(publicGet()).isEqualTo("release R1");
    List<ProcessInfo> before = runtime.processes(APP);

    int apiPort = freePort();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int takenPort = taken.getLocalPort();
      // R2 adds two services: api's endpoint binds, worker's port is held by another program.
      Map<String, Integer> added = new LinkedHashMap<>();
      added.put("web", webPort);
      added.put("api", apiPort);
      added.put("worker", takenPort);
      // R3 moves web's endpoint to the port held.
      for (AppRelease failing : List.of(release("R2", added, ""), release("R3", Map.of("web", takenPort), ""))) {
        assertThatThrownBy(() -> runtime.deploy(failing, build))
            .isInstanceOf(RuntimeFailure.class).hasMessageContaining("could not listen on 127.0.0.1:" + takenPort);

        assertThat(publicGet()).isEqualTo("release R1");
        assertThat(RawHttp.get(webPort, "internal", "/").body()).as("web's internal endpoint").isEqualTo("release R1");
        assertThat(listening(apiPort)).as("the new service's endpoint").isFalse();
        assertThat(runtime.processes(APP)).isEqualTo(before);
        assertThat(pidFiles()).containsExactlyInAnyOrderElementsOf(before.stream().map(ProcessInfo::id).toList());
        assertThat(processesOf(failing.release())).isEmpty();
      }
    }
    // And the next deploy, with the port free, goes through.
    int movedPort = freePort();
    runtime.deploy(release("R4", Map.of("web", movedPort), ""), build);
    assertThat(publicGet()).isEqualTo("release R4");
    assertThat(RawHttp.get(movedPort, "internal", "/").body()).isEqualTo("release R4");
    assertThat(listening(webPort)).as("web's old endpoint").isFalse();
  }

  @Test
  void anInterruptedDeployHasStoppedEverythingOfItsReleaseWhenItReturns() throws Exception {
    int webPort = freePort();
    runtime.deploy(release("R1", Map.of("web", webPort), ""), build);
    List<ProcessInfo> before = runtime.processes(APP);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    List<String> afterReturn = new ArrayList<>();
    // R2's processes take 20 s to listen: the deploy is waiting for them when it is interrupted.
    Thread deploy = Thread.ofPlatform().start(() -> {
      try {
        runtime.deploy(release("R2", Map.of("web", webPort), " 20000"), build);
      } catch (Throwable t) {
        outcome.set(t);
      }
      stillInterrupted.set(Thread.currentThread().isInterrupted());
      afterReturn.addAll(processesOf("R2"));
    });
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !processesOf("R2").isEmpty());
    deploy.interrupt();
    deploy.join(60_000);

    assertThat(outcome.get()).isInstanceOf(RuntimeFailure.class).hasMessageContaining("deploy interrupted");
    assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
    assertThat(afterReturn).as("R2 processes alive when deploy returned").isEmpty();
    assertThat(runtime.processes(APP)).isEqualTo(before);
    assertThat(pidFiles()).containsExactlyInAnyOrderElementsOf(before.stream().map(ProcessInfo::id).toList());
    assertThat(publicGet()).isEqualTo("release R1");
  }

  /** Router#ensureEndpoint: an interrupt while an endpoint binds neither loses the listener nor the flag. */
  @Test
  void anEndpointPublishedByAnInterruptedThreadListens() throws Exception {
    int port = freePort();
    Thread.currentThread().interrupt();
    try {
      router.publish("other", List.of(new Routing.Route("api", List.of(), true, new Endpoint("http", "127.0.0.1", port))));
    } finally {
      assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
    }
    assertThat(listening(port)).isTrue();
  }

  private AppRelease release(String id, Map<String, Integer> endpoints, String extraArgs) {
    StringBuilder yaml = new StringBuilder("services:\n");
    Map<String, Endpoint> assigned = new LinkedHashMap<>();
    List<Routing.Route> routes = new ArrayList<>();
    endpoints.forEach((service, port) -> {
      yaml.append("""
            %s:
              port: 3000
              command: %s -cp %s Tiny %s%s
              health:
                interval: 1
          """.formatted(service, JAVA, build, id, extraArgs));
      Endpoint e = new Endpoint("http", "127.0.0.1", port);
      assigned.put(service, e);
      routes.add(new Routing.Route(service, List.of(service + ".shop.test"), false, e));
    });
    Manifest m = ManifestParser.builder().build().parseText(yaml.toString()).manifest().orElseThrow();
    return new AppRelease(APP, id, m, Map.of(), assigned, routes);
  }

  private String publicGet() throws IOException {
    return RawHttp.get(router.httpPort(), "web.shop.test", "/").body();
  }

  private List<String> pidFiles() throws IOException {
    try (var files = Files.list(tmp.resolve("state/pids").resolve(APP))) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  /** Live processes of this test's release {@code id}, found by their command line. */
  private List<String> processesOf(String id) {
    String marker = "Tiny " + id;
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(build.toString()) && c.contains(marker)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
