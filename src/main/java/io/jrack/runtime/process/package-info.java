/**
 * The embedded runtime: each service's processes as supervised OS processes on this machine, in
 * their own process groups, health-checked over HTTP, restarted with backoff, their output sent to
 * the app's log. No containers: a service runs from its build directory with the command from
 * {@code convox.yml} or its Dockerfile.
 */
package io.jrack.runtime.process;
