/**
 * The emulator's machinery: its core and the adapters around it.
 *
 * <p><b>Not public API.</b> The types under this package are public only so that the emulator's own
 * packages, and the {@code jls} command, can share them; they may change or disappear in any release.
 * Applications use {@code dev.jls.emulator} and {@code dev.jls.emulator.junit}.
 */
package dev.jls.emulator.internal;
