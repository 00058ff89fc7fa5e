/**
 * The emulator's non-blocking IO threads, shared by its HTTP server and its engine client, so that an
 * answer read from a worker's engine is written to the client on the thread that read it.
 *
 * <p><b>Not public API.</b> These types are public only so that the emulator's own packages can share
 * them; they may change or disappear in any release.
 */
package dev.jls.emulator.internal.io;
