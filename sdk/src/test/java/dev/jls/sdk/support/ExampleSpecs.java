package dev.jls.sdk.support;

import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.Framework;
import java.util.List;

/**
 * The deployment of API.md's create example, as builders tests start from: one place for its values, so the
 * tests that send it, validate it and write it back all speak of the same spec.
 */
public final class ExampleSpecs {

    private ExampleSpecs() {}

    /** Every field the service bounds, set to the example's value: a valid spec to change one field of. */
    public static DeploymentSpec.Builder qwen() {
        return DeploymentSpec.builder()
                .name("qwen")
                .region("india-noida-01")
                .framework(Framework.VLLM)
                .gpusToUse(List.of("H100"))
                .gpusPerWorker(1)
                .minWorkers(0)
                .maxWorkers(2)
                .concurrentRequests(4)
                .idleTimeout(600)
                .waitTime(60)
                .storage(50)
                .model("Qwen/Qwen3-0.6B");
    }

    /** The whole example: {@link #qwen()} with its engine arguments and the given Hugging Face token. */
    public static DeploymentSpec.Builder qwenAsInTheExample(String hfToken) {
        return qwen().putArg("max-model-len", "8192").servedModelName("qwen").putEnv("HF_TOKEN", hfToken);
    }
}
