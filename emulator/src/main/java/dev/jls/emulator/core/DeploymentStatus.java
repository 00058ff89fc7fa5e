package dev.jls.emulator.core;

/** The statuses a deployment of the emulator passes through (a subset of the hosted service's). */
public enum DeploymentStatus {
  STARTING("starting"),
  RUNNING("running"),
  FAILED("failed"),
  DELETING("deleting");

  private final String wire;

  DeploymentStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
