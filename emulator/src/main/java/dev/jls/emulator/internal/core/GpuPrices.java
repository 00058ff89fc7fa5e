package dev.jls.emulator.internal.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an hour of one GPU costs, by GPU type, in {@link #CURRENCY}: the prices the emulator bills
 * deployments at. A type without a price costs nothing.
 *
 * @param perGpuHour the price of one GPU for one hour, by type (matched case-insensitively)
 */
public record GpuPrices(Map<String, Double> perGpuHour) {

    /** The currency of every price and cost: the hosted service's default. */
    public static final String CURRENCY = "USD";

    /** No prices: every GPU costs nothing. */
    public static final GpuPrices NONE = new GpuPrices(Map.of());

    public GpuPrices {
        Map<String, Double> byType = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : perGpuHour.entrySet()) {
            String type = e.getKey().strip();
            double price = e.getValue();
            if (type.isEmpty()) {
                throw new IllegalArgumentException("a GPU price needs a GPU type");
            }
            if (!Double.isFinite(price) || price < 0) {
                throw new IllegalArgumentException(
                        "the price of " + type + " must be a number of 0 or more, was " + price);
            }
            byType.put(type.toLowerCase(Locale.ROOT), price);
        }
        perGpuHour = Map.copyOf(byType);
    }

    /** The price of one hour of one GPU of {@code type}; 0 for a type without a price or none. */
    public double perGpuHour(Optional<String> type) {
        return type.map(t -> perGpuHour.getOrDefault(t.strip().toLowerCase(Locale.ROOT), 0.0))
                .orElse(0.0);
    }
}
