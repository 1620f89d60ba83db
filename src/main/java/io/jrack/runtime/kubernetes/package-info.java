/**
 * The Kubernetes runtime: the same releases as the process runtime, applied to a cluster through
 * fabric8's client. {@link io.jrack.runtime.kubernetes.AppObjects} turns a release into objects
 * without touching a cluster (which is all {@code convox kubernetes render} needs);
 * {@link io.jrack.runtime.kubernetes.KubernetesRuntime} applies them, waits for the rollout and
 * reports pods, logs and failures.
 */
package io.jrack.runtime.kubernetes;
