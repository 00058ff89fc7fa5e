package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.gpu.GpuInventory;
import dev.jls.emulator.internal.gpu.NvidiaSmi;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GPU capacity of a cluster: each node's allocatable {@code nvidia.com/gpu}, of the type its {@code
 * nvidia.com/gpu.product} label names. The emulator's GPU pool counts them as it counts a machine's, and
 * the scheduler places each pod on a node of its product.
 */
public final class NodeGpus {

    private NodeGpus() {}

    /**
     * The inventory of {@code nodes}: one {@link Gpu} per allocatable {@code nvidia.com/gpu} of each node
     * that is schedulable and names its product, named by the product and typed by the {@code
     * --k8s-gpu-product} mapping whose product it is, else by its short type ({@code
     * NVIDIA-H100-80GB-HBM3} → {@code H100}). Without any: the local fallback of 8 simulated GPUs of any
     * type, which ask the cluster for none.
     */
    public static GpuInventory inventory(List<Node> nodes, Map<String, String> gpuProducts) {
        List<Gpu> gpus = new ArrayList<>();
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        for (Node node : sorted) {
            String product = node.getMetadata().getLabels() == null
                    ? null
                    : node.getMetadata().getLabels().get(PodSpecs.GPU_PRODUCT_LABEL);
            boolean unschedulable =
                    node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            if (product == null || unschedulable || node.getStatus() == null) {
                continue;
            }
            Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
            Quantity count = allocatable == null ? null : allocatable.get(PodSpecs.GPU_RESOURCE);
            int n = count == null ? 0 : count.getNumericalAmount().intValue();
            String type = type(product, gpuProducts);
            for (int i = 0; i < n; i++) {
                String uuid = "K8S-" + node.getMetadata().getName() + "-" + i;
                gpus.add(new Gpu(gpus.size(), uuid, product, type, GpuInventory.knownMemoryMiB(type), 0, false));
            }
        }
        if (gpus.isEmpty()) {
            GpuInventory fallback = GpuInventory.simulatedAnyType(GpuInventory.DEFAULT_SIMULATED_COUNT);
            return GpuInventory.of(
                    fallback.gpus(),
                    false,
                    "no node offers nvidia.com/gpu with a nvidia.com/gpu.product label: " + fallback.description());
        }
        return GpuInventory.of(
                gpus, true, NvidiaSmi.describe(gpus) + " allocatable on the cluster's nodes (nvidia.com/gpu)");
    }

    /** The GPU type of a node's product: the mapping's type for it, else its short type. */
    static String type(String product, Map<String, String> gpuProducts) {
        return gpuProducts.entrySet().stream()
                .filter(e -> e.getValue().equalsIgnoreCase(product))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseGet(() -> NvidiaSmi.shortType(product.replace('-', ' ')).toUpperCase(Locale.ROOT));
    }
}
