/**
 * How releases run: one {@link io.jrack.runtime.AppRuntime} interface, one implementation per place
 * ({@code runtime.process} for this machine, {@code runtime.kubernetes} for a cluster). The rack
 * decides what should run; a runtime makes it so and reports what is running.
 */
package io.jrack.runtime;
