package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A v3 manifest's {@code balancers:} served by a rack: a TCP service (not HTTP) reached on the balancer's port. */
class BalancerRackTest {
  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  /** Sends its port (which process it is), then echoes until the client half-closes. */
  private static final String ECHO = """
      import java.net.*;
      public class Echo {
        public static void main(String[] a) throws Exception {
          String port = System.getenv("PORT");
          ServerSocket server = new ServerSocket(Integer.parseInt(port), 50, InetAddress.getByName("127.0.0.1"));
          while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> {
              try (s) {
                s.getOutputStream().write((port + ":").getBytes());
                s.getInputStream().transferTo(s.getOutputStream());
              } catch (Exception e) {
              }
            });
          }
        }
      }
      """;

  @Test
  void aTcpServiceAnswersOnItsBalancerPortFromEachProcessAndAStoppedOneIsSkipped(@TempDir Path tmp) throws Exception {
    int listen = RouterTcpBalancerTest.freePort();
    Path src = Files.createDirectories(tmp.resolve("echo"));
    Files.writeString(src.resolve("Echo.java"), ECHO);
    Files.writeString(src.resolve("convox.yml"), """
        balancers:
          echo:
            service: echo
            ports:
              %d: 4000
        services:
          echo:
            build: .
            port: 4000
            health:
              disable: true
            scale: 2
            command: %s Echo.java
        """.formatted(listen, JAVA));
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("tcp");
      rack.client.releasePromote("tcp", rack.client.buildCreate("tcp", SourceTar.of(src), null).release());

      ServiceInfo echo = rack.client.serviceList("tcp").stream().filter(s -> s.name().equals("echo")).findFirst().orElseThrow();
      assertThat(echo.ports()).contains(new ServiceInfo.PortMapping(listen, 4000));

      List<ProcessInfo> processes = rack.client.processList("tcp");
      assertThat(processes).hasSize(2);
      Set<String> ports = new HashSet<>();
      processes.forEach(p -> ports.add(Integer.toString(p.port())));
      // Each process answers in turn (health checks are off: the relay skips one not listening yet).
      Set<String> seen = new HashSet<>();
      // Until one process listens the balancer has nowhere to send a connection and resets it (health checks are off).
      await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(java.io.IOException.class).untilAsserted(() -> {
        String answer = RouterTcpBalancerTest.talk(listen, "hello");
        assertThat(answer).endsWith(":hello");
        seen.add(answer.substring(0, answer.indexOf(':')));
        assertThat(seen).isEqualTo(ports);
      });

      // One process stopped: every connection is still answered, by the other.
      ProcessInfo stopped = processes.get(0);
      rack.client.processStop("tcp", stopped.id());
      for (int i = 0; i < 10; i++) {
        String answer = RouterTcpBalancerTest.talk(listen, "again " + i);
        assertThat(answer).endsWith(":again " + i);
      }
    }
  }
}
