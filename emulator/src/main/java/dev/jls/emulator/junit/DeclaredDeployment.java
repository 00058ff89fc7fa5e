package dev.jls.emulator.junit;

import java.util.Objects;

/**
 * A deployment declared with {@link JlsDeployment}, as created for the test class: what a test needs to
 * call it. Taken as a test parameter, by name with {@link Declared}. Immutable.
 */
public final class DeclaredDeployment {

    private final String name;
    private final String id;
    private final String model;
    private final String servedModel;
    private final String openAiBaseUrl;

    DeclaredDeployment(String name, String id, String model, String servedModel, String openAiBaseUrl) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = Objects.requireNonNull(id, "id");
        this.model = Objects.requireNonNull(model, "model");
        this.servedModel = Objects.requireNonNull(servedModel, "servedModel");
        this.openAiBaseUrl = Objects.requireNonNull(openAiBaseUrl, "openAiBaseUrl");
    }

    /** The name it was declared with ({@link JlsDeployment#name()}), also the deployment's name. */
    public String name() {
        return name;
    }

    /** The deployment's id, e.g. {@code dep-6f0c…}, for {@code client.requests().submit(id, …)} and the rest. */
    public String id() {
        return id;
    }

    /** The model its engine loads ({@link JlsDeployment#model()}). */
    public String model() {
        return model;
    }

    /**
     * The name requests give as their {@code model}: the {@link JlsDeployment#servedModelName()}, or
     * the model when none was declared.
     */
    public String servedModel() {
        return servedModel;
    }

    /**
     * Its OpenAI-compatible endpoint, {@code {emulator}/openai/{id}/v1}: the base URL for any OpenAI
     * client, with the emulator's API key.
     */
    public String openAiBaseUrl() {
        return openAiBaseUrl;
    }

    /** E.g. {@code chat (dep-6f0c…)}. */
    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
