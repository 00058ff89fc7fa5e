/**
 * The emulator's rules, free of any protocol: deployments and their lifecycle, the request queue
 * and states, scaling, GPU allocation, and the ports ({@link
 * dev.jls.emulator.internal.core.WorkerLauncher}, {@link
 * dev.jls.emulator.internal.core.EngineClient}, {@link
 * dev.jls.emulator.internal.core.GpuAllocator}) its adapters implement.
 *
 * <p><b>Not public API.</b> These types are public only so that the emulator's own packages, and the
 * {@code jls} command, can share them; they may change or disappear in any release. Applications use
 * {@code dev.jls.emulator} and {@code dev.jls.emulator.junit}.
 */
package dev.jls.emulator.internal.core;
