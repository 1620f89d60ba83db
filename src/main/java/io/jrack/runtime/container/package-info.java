/**
 * The container runtime: each process of a release is a container of its release's image, built
 * from the app's Dockerfile (or named by {@code image:}) by an existing engine behind
 * {@link io.jrack.runtime.container.ContainerEngine} (Podman today, Docker Engine later), on a
 * network the rack creates; the router reaches each container at its address on that network, and
 * containers reach each other by name through the rack's resolver on the network's gateway
 * ({@code RackDns}, its records kept in step with the instances by {@code DnsRouting}).
 */
package io.jrack.runtime.container;
