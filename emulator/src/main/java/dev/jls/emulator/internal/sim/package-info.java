/**
 * The simulated engine: a small vLLM-compatible server run as each simulated worker's process.
 *
 * <p><b>Not public API.</b> These types are public only so that the emulator's own packages, and the
 * {@code jls} command, can share them; they may change or disappear in any release. Applications use
 * {@code dev.jls.emulator} and {@code dev.jls.emulator.junit}.
 */
package dev.jls.emulator.internal.sim;
