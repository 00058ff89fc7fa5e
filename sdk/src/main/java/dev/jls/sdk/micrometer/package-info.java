/**
 * The SDK's metrics as Micrometer meters: {@link dev.jls.sdk.micrometer.MicrometerMetricsListener}.
 * Micrometer is an optional dependency: this package needs {@code io.micrometer:micrometer-core} on the
 * class path, and nothing else in the SDK does.
 */
package dev.jls.sdk.micrometer;
