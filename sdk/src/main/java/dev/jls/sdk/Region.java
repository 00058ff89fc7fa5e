package dev.jls.sdk;

import java.util.Locale;
import java.util.Objects;

/**
 * A JarvisLabs Serverless region and its hosted serverless host. A deployment lives in one region.
 *
 * <p>{@link #IN2} is the default region of a client configured without a base URL.
 */
public enum Region {
    /** India, Noida ({@code india-noida-01}); the default. */
    IN2("india-noida-01", "https://serverlessn.jarvislabs.net/"),
    /** India, Chennai ({@code india-chennai-01}). */
    IN1("india-chennai-01", "https://serverlessc.jarvislabs.net/");

    private final String id;
    private final String baseUrl;

    Region(String id, String baseUrl) {
        this.id = id;
        this.baseUrl = baseUrl;
    }

    /** The region's name as the API writes it in a deployment's {@code region} field, e.g. {@code india-noida-01}. */
    public String id() {
        return id;
    }

    /** The hosted serverless host of this region, ending in {@code /}. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Finds a region by its short name ({@code "IN2"}, any case) or its API name ({@code "india-noida-01"}).
     *
     * @throws IllegalArgumentException naming the known regions when {@code name} matches none
     */
    public static Region of(String name) {
        Objects.requireNonNull(name, "region");
        String wanted = name.trim();
        for (Region region : values()) {
            if (region.name().equalsIgnoreCase(wanted) || region.id.equalsIgnoreCase(wanted)) {
                return region;
            }
        }
        throw new IllegalArgumentException(
                "region: unknown region '" + name + "'; known: IN2 (india-noida-01), " + "IN1 (india-chennai-01)");
    }

    /** The short name in upper case, e.g. {@code IN2}. */
    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
