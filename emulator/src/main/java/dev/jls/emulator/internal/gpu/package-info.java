/**
 * The GPU inventory (nvidia-smi or a simulated one) and the pool the core allocates from.
 *
 * <p><b>Not public API.</b> These types are public only so that the emulator's own packages, and the
 * {@code jls} command, can share them; they may change or disappear in any release. Applications use
 * {@code dev.jls.emulator} and {@code dev.jls.emulator.junit}.
 */
package dev.jls.emulator.internal.gpu;
