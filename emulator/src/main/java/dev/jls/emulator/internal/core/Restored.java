package dev.jls.emulator.internal.core;

/**
 * How much a start brought back from the {@link ClusterStore}.
 *
 * @param deployments deployments not yet removed
 * @param requests submitted requests still kept, ended ones among them
 */
public record Restored(int deployments, int requests) {}
