package dev.jls.emulator.internal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every worker pod of one emulator shares.
 *
 * @param instance the emulator instance's name, in every pod's labels: what finds the pods an earlier run
 *     of the same emulator left
 * @param run this run's id, in every pod's name and labels
 * @param image the container image ({@code --k8s-image})
 * @param imagePullSecrets the names of the Secrets the image is pulled with
 * @param gpuProducts the {@code nvidia.com/gpu.product} node label value per GPU type, where given
 * @param stopGrace the pod's termination grace
 */
public record PodSettings(
        String instance,
        String run,
        String image,
        List<String> imagePullSecrets,
        Map<String, String> gpuProducts,
        Duration stopGrace) {

    public PodSettings {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(image, "image");
        imagePullSecrets = List.copyOf(imagePullSecrets);
        gpuProducts = Map.copyOf(gpuProducts);
        Objects.requireNonNull(stopGrace, "stopGrace");
    }
}
