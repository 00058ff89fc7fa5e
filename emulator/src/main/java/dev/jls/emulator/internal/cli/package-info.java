/**
 * The runnable jar and the emulator's command line: its options, their duration and size syntax.
 *
 * <p><b>Not public API.</b> These types are public only so that the emulator's own packages, and the
 * {@code jls} command, can share them; they may change or disappear in any release. Applications use
 * {@code dev.jls.emulator} and {@code dev.jls.emulator.junit}.
 */
package dev.jls.emulator.internal.cli;
