package dev.jls.emulator.internal.kubernetes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the emulator reaches its pods' engines: the {@code --k8s-access} option. */
public enum K8sAccess {
    /** {@code pod-ip} inside a cluster (where {@code KUBERNETES_SERVICE_HOST} is set), else {@code port-forward}. */
    AUTO,
    /** Straight to the pod's IP and container port: the emulator runs in the cluster's network. */
    POD_IP,
    /** Through a port-forward of the API server to a local port of 127.0.0.1: the emulator runs outside. */
    PORT_FORWARD;

    /** The variable every container of a cluster has, and that tells {@link #AUTO} it runs in one. */
    public static final String IN_CLUSTER_VARIABLE = "KUBERNETES_SERVICE_HOST";

    /**
     * Reads {@code auto}, {@code pod-ip} or {@code port-forward}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static K8sAccess of(String value) {
        for (K8sAccess access : values()) {
            if (access.asString().equalsIgnoreCase(value.strip())) {
                return access;
            }
        }
        throw new IllegalArgumentException("--k8s-access '" + value + "' is not one of "
                + Arrays.stream(values()).map(K8sAccess::asString).collect(Collectors.joining(", ")));
    }

    /** The option's spelling: {@code auto}, {@code pod-ip}, {@code port-forward}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** This mode, with {@link #AUTO} decided by {@code environment} (the emulator's own). */
    public K8sAccess resolve(Map<String, String> environment) {
        if (this != AUTO) {
            return this;
        }
        String host = environment.get(IN_CLUSTER_VARIABLE);
        return host != null && !host.isBlank() ? POD_IP : PORT_FORWARD;
    }
}
