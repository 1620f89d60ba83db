package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies objects so that a redeploy changes only what changed: each object carries the hash of
 * what the rack wrote ({@link Names#APPLIED}); an object whose hash is already in the cluster is
 * left alone (its resourceVersion, and for a Deployment its pods, stay as they are). Objects the
 * rack made for an app and no longer wants are deleted.
 */
final class Applied {
  private final KubernetesClient client;

  Applied(KubernetesClient client) {
    this.client = client;
  }

  /** Stamps every object with the hash of its content; render and deploy both go through this. */
  static List<HasMetadata> stamped(List<HasMetadata> objects) {
    for (HasMetadata o : objects) {
      if (o.getMetadata().getAnnotations() != null) {
        o.getMetadata().getAnnotations().remove(Names.APPLIED);
      }
      String hash = hash(o);
      Map<String, String> annotations = o.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(o.getMetadata().getAnnotations());
      annotations.put(Names.APPLIED, hash);
      o.getMetadata().setAnnotations(annotations);
    }
    return objects;
  }

  /** Creates or updates the objects (stamped first); returns {@code Kind/name} of each one written. */
  List<String> apply(List<HasMetadata> objects) {
    List<String> written = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (write(o)) {
        written.add(o.getKind() + "/" + o.getMetadata().getName());
      }
    }
    return written;
  }

  /**
   * Writes one object unless the cluster has its hash already. Controllers write status beside us
   * (a Deployment's changes every few seconds in a rollout), so an update that lost the race to
   * one (409 Conflict) reads the object again and retries.
   */
  private boolean write(HasMetadata o) {
    String want = o.getMetadata().getAnnotations().get(Names.APPLIED);
    for (int attempt = 1; ; attempt++) {
      HasMetadata current = client.resource(o).get();
      try {
        if (current == null) {
          client.resource(o).create();
          return true;
        }
        if (current.getMetadata().getAnnotations() != null && want.equals(current.getMetadata().getAnnotations().get(Names.APPLIED))) {
          return false;
        }
        o.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        client.resource(o).update();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      } finally {
        o.getMetadata().setResourceVersion(null);
      }
    }
  }

  /**
   * Deletes the app's service objects of {@code kinds} in {@code ns} that are not in {@code keep};
   * returns what went. Resources (no service label) and build objects are not the release's to prune.
   */
  List<String> prune(String ns, String app, List<Class<? extends HasMetadata>> kinds, Set<String> keep) {
    List<String> deleted = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : kinds) {
      KubernetesResourceList<? extends HasMetadata> list = client.resources(kind).inNamespace(ns).withLabel(Names.APP, app).withLabel(Names.SERVICE)
          .withoutLabel(Names.ROLE).list();
      for (HasMetadata o : list.getItems()) {
        String key = o.getKind() + "/" + o.getMetadata().getName();
        if (!keep.contains(key)) {
          client.resource(o).delete();
          deleted.add(key);
        }
      }
    }
    return deleted;
  }

  static String hash(Object o) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Serialization.asJson(o).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
