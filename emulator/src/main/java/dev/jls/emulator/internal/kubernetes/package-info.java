/**
 * Workers as Kubernetes pods: the second adapter of the core's {@link
 * dev.jls.emulator.internal.core.WorkerLauncher} port beside local processes, on the fabric8 client.
 * One pod per worker, with the engine command a local worker would run; its state follows the pod. Its
 * classes are loaded only when the Kubernetes launcher is chosen.
 */
package dev.jls.emulator.internal.kubernetes;
