package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jrack.manifest.Service;
import io.jrack.runtime.RuntimeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds {@code build:} services in the cluster: the source goes into a ConfigMap (a tarball), a
 * Kaniko Job builds it and pushes to the rack's {@code BuildRegistry}. A source without a
 * Dockerfile gets one that puts it on a JDK image, the way the embedded rack runs it with the
 * machine's JDK. Push credentials, when the registry needs them, are the Secret
 * {@code registry-credentials} (a docker config.json) in the app's namespace.
 */
final class BuildJobs {
  static final String KANIKO = "gcr.io/kaniko-project/executor:v1.23.2";
  static final String DEFAULT_BASE = "eclipse-temurin:21-jdk";
  /** ConfigMaps hold at most 1 MiB; a larger source needs a real build service. */
  static final int MAX_SOURCE = 1_000_000;

  private BuildJobs() {}

  /**
   * {@code <registry>/<namespace>:<build>}: one image per build and build context, so services
   * built from the same directory and Dockerfile (the usual case) share one build and one image.
   */
  static String image(String registry, String ns, Service s, String build) {
    return registry + "/" + ns + ":" + build.toLowerCase(Locale.ROOT) + context(s);
  }

  static String jobName(Service s, String build) {
    return "build-" + build.toLowerCase(Locale.ROOT) + context(s);
  }

  /** Empty for the default context ({@code .} and {@code Dockerfile}), else a short hash of path and Dockerfile. */
  private static String context(Service s) {
    if (s.build().path().equals(".") && s.build().manifest().equals(io.jrack.manifest.Build.DEFAULT_MANIFEST)) {
      return "";
    }
    return "-" + Applied.hash(s.build().path() + "/" + s.build().manifest()).substring(0, 8);
  }

  /** The source ConfigMap and the Kaniko Job for the build context of {@code s}. */
  static List<HasMetadata> objects(String rack, String app, Service s, String build, String image, byte[] source) {
    String ns = Names.namespace(rack, app);
    String name = jobName(s, build);
    var labels = Names.appLabels(rack, app);
    labels.put(Names.ROLE, "build");
    var cm = new ConfigMapBuilder().withNewMetadata().withName(name + "-source").withNamespace(ns).withLabels(labels).endMetadata()
        .addToBinaryData("source.tar.gz", Base64.getEncoder().encodeToString(source)).build();
    String dockerfile = s.build().path().equals(".") ? s.build().manifest() : s.build().path() + "/" + s.build().manifest();
    Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withBackoffLimit(0).withTtlSecondsAfterFinished(3600)
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec().withRestartPolicy("Never")
              .addNewContainer().withName("kaniko").withImage(KANIKO)
                .withArgs("--context=tar:///source/source.tar.gz", "--dockerfile=" + dockerfile, "--destination=" + image)
                .addNewVolumeMount().withName("source").withMountPath("/source").endVolumeMount()
                .addNewVolumeMount().withName("docker").withMountPath("/kaniko/.docker").endVolumeMount()
              .endContainer()
              .addNewVolume().withName("source").withNewConfigMap().withName(name + "-source").endConfigMap().endVolume()
              .addNewVolume().withName("docker").withNewSecret().withSecretName("registry-credentials").withOptional(true)
                .addNewItem().withKey(".dockerconfigjson").withPath("config.json").endItem().endSecret().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec().build();
    return List.of(cm, job);
  }

  /** Runs the build unless this build's Job already succeeded; throws with the build pod's reason when it fails. */
  static void run(KubernetesClient client, List<HasMetadata> objects, Duration deadline) throws RuntimeFailure, InterruptedException {
    Job job = (Job) objects.get(1);
    String ns = job.getMetadata().getNamespace();
    Job current = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
    if (current == null) {
      for (HasMetadata o : objects) {
        client.resource(o).create();
      }
    }
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      current = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
      if (current != null && current.getStatus() != null) {
        if (current.getStatus().getSucceeded() != null && current.getStatus().getSucceeded() > 0) {
          return;
        }
        if (current.getStatus().getFailed() != null && current.getStatus().getFailed() > 0) {
          throw new RuntimeFailure("build job %s failed%s (kubectl -n %s logs job/%s)".formatted(job.getMetadata().getName(),
              podReason(client, ns, job.getMetadata().getName()), ns, job.getMetadata().getName()));
        }
      }
      if (System.nanoTime() > end) {
        throw new RuntimeFailure("build job %s did not finish within %ds".formatted(job.getMetadata().getName(), deadline.toSeconds()));
      }
      Thread.sleep(200);
    }
  }

  private static String podReason(KubernetesClient client, String ns, String job) {
    for (Pod p : client.pods().inNamespace(ns).withLabel("job-name", job).list().getItems()) {
      if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
        for (var cs : p.getStatus().getContainerStatuses()) {
          if (cs.getState() != null && cs.getState().getTerminated() != null) {
            return ": " + cs.getState().getTerminated().getReason() + " (exit code " + cs.getState().getTerminated().getExitCode() + ")";
          }
        }
      }
    }
    return "";
  }

  /** The build directory as a gzipped tarball, with a Dockerfile added when the source has none. */
  static byte[] source(Path dir, Service s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
        Stream<Path> files = Files.walk(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path p : files.sorted().toList()) {
        if (Files.isRegularFile(p)) {
          TarArchiveEntry e = new TarArchiveEntry(p.toFile(), dir.relativize(p).toString());
          tar.putArchiveEntry(e);
          Files.copy(p, tar);
          tar.closeArchiveEntry();
        }
      }
      Path dockerfile = dir.resolve(s.build().path()).resolve(s.build().manifest()).normalize();
      if (!Files.exists(dockerfile)) {
        byte[] generated = ("FROM " + DEFAULT_BASE + "\nWORKDIR /app\nCOPY . /app\n").getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(dir.relativize(dockerfile).toString());
        e.setSize(generated.length);
        tar.putArchiveEntry(e);
        tar.write(generated);
        tar.closeArchiveEntry();
      }
    }
    if (bytes.size() > MAX_SOURCE) {
      throw new IOException("the source of service %s is %d bytes compressed; in-cluster builds take at most %d (use image: with a prebuilt image)"
          .formatted(s.name(), bytes.size(), MAX_SOURCE));
    }
    return bytes.toByteArray();
  }
}
