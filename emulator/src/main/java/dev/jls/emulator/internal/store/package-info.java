/**
 * The data directory: the adapter behind the core's {@link dev.jls.emulator.internal.core.ClusterStore}
 * port, an SQLite database written by one thread in the order the core's changes happened. Not public
 * API.
 */
package dev.jls.emulator.internal.store;
