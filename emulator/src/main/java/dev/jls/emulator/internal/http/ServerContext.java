package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.ControlPlane;
import java.time.Duration;

/**
 * What every route shares.
 *
 * @param plane the core
 * @param keys the accepted API keys
 * @param version the emulator's version, for {@code /healthz}
 * @param logs where log streams learn of workers that start later
 * @param logPing how often a followed log stream sends {@code : ping}
 */
record ServerContext(ControlPlane plane, ApiKeys keys, String version, WorkerLogFeed logs, Duration logPing) {}
