/**
 * The process runtime: each service's processes as supervised OS processes on this machine, in
 * their own process groups, health-checked over HTTP, restarted with backoff, their output sent to
 * the app's log. No containers: a service runs from its build directory with the command from
 * {@code convox.yml} or its Dockerfile, and a Dockerfile step it cannot honour here (RUN, a copy
 * elsewhere, an image's software this machine lacks) is refused at build with its line.
 */
package io.jrack.runtime.process;
