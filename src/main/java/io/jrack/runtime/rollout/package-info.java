/**
 * How a runtime that supervises its own instances (processes on this machine, containers on its
 * engine) rolls a release out: the instances of each service as {@link io.jrack.runtime.rollout.Instance}s
 * in groups, a deploy planned, rolled out beside the running release within each service's
 * deployment bounds, and committed or rolled back so that a failure leaves exactly the previous
 * release serving. The process and container runtimes differ only in what an instance is.
 */
package io.jrack.runtime.rollout;
