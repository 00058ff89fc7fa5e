package dev.jls.emulator.internal.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the emulator chooses to reach its pods: by their IP inside a cluster, else by port-forward. */
class KubernetesAccessTest {

    @Test
    void autoReachesPodsByIpInsideAClusterAndThroughAPortForwardOutside() {
        assertThat(K8sAccess.AUTO.resolve(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1")))
                .isEqualTo(K8sAccess.POD_IP);
        assertThat(K8sAccess.AUTO.resolve(Map.of())).isEqualTo(K8sAccess.PORT_FORWARD);
        assertThat(K8sAccess.AUTO.resolve(Map.of("KUBERNETES_SERVICE_HOST", " ")))
                .isEqualTo(K8sAccess.PORT_FORWARD);
    }

    @Test
    void aModeGivenIsKeptWhereverTheEmulatorRuns() {
        assertThat(K8sAccess.POD_IP.resolve(Map.of())).isEqualTo(K8sAccess.POD_IP);
        assertThat(K8sAccess.PORT_FORWARD.resolve(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1")))
                .isEqualTo(K8sAccess.PORT_FORWARD);
    }

    @Test
    void theOptionIsReadInItsOwnSpelling() {
        assertThat(K8sAccess.of("pod-ip")).isEqualTo(K8sAccess.POD_IP);
        assertThat(K8sAccess.of("Port-Forward")).isEqualTo(K8sAccess.PORT_FORWARD);
        assertThat(K8sAccess.of("auto")).isEqualTo(K8sAccess.AUTO);
        assertThat(K8sAccess.PORT_FORWARD.asString()).isEqualTo("port-forward");
        assertThatThrownBy(() -> K8sAccess.of("nodeport"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--k8s-access 'nodeport' is not one of auto, pod-ip, port-forward");
    }
}
