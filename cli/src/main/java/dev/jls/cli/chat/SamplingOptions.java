package dev.jls.cli.chat;

import dev.jls.sdk.models.ChatCompletionRequest;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The sampling parameters of a chat request, as vLLM names them. Unset ones are not sent. */
public final class SamplingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens to generate.")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0 or more (0: greedy).")
    Double temperature;

    @Option(
            names = "--top-p",
            paramLabel = "P",
            description = "Nucleus sampling: keep the top tokens up to this probability, in (0, 1].")
    Double topP;

    @Option(names = "--top-k", paramLabel = "K", description = "Keep only the K most likely tokens (-1: all).")
    Integer topK;

    @Option(
            names = "--min-p",
            paramLabel = "P",
            description = "Drop tokens less likely than P times the most likely, in [0, 1].")
    Double minP;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for repeatable answers.")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the answer would contain TEXT; repeatable.")
    List<String> stop;

    @Option(
            names = "--presence-penalty",
            paramLabel = "X",
            description = "Penalty for tokens already present, in [-2, 2].")
    Double presencePenalty;

    @Option(
            names = "--frequency-penalty",
            paramLabel = "X",
            description = "Penalty by how often a token appeared, in [-2, 2].")
    Double frequencyPenalty;

    @Option(
            names = "--repetition-penalty",
            paramLabel = "X",
            description = "vLLM's repetition penalty, above 0 (1: none).")
    Double repetitionPenalty;

    /** Checks the values (a usage error names the flag) and sets them on {@code builder}. */
    public ChatCompletionRequest.Builder apply(ChatCompletionRequest.Builder builder) {
        check(maxTokens == null || maxTokens >= 1, "--max-tokens", "must be at least 1", maxTokens);
        check(temperature == null || temperature >= 0, "--temperature", "must be 0 or more", temperature);
        check(topP == null || topP > 0 && topP <= 1, "--top-p", "must be above 0 and at most 1", topP);
        check(topK == null || topK == -1 || topK >= 1, "--top-k", "must be -1 or at least 1", topK);
        check(minP == null || minP >= 0 && minP <= 1, "--min-p", "must be between 0 and 1", minP);
        check(
                presencePenalty == null || Math.abs(presencePenalty) <= 2,
                "--presence-penalty",
                "must be between -2 and 2",
                presencePenalty);
        check(
                frequencyPenalty == null || Math.abs(frequencyPenalty) <= 2,
                "--frequency-penalty",
                "must be between -2 and 2",
                frequencyPenalty);
        check(
                repetitionPenalty == null || repetitionPenalty > 0,
                "--repetition-penalty",
                "must be above 0",
                repetitionPenalty);
        if (maxTokens != null) {
            builder.maxTokens(maxTokens);
        }
        if (temperature != null) {
            builder.temperature(temperature);
        }
        if (topP != null) {
            builder.topP(topP);
        }
        if (topK != null) {
            builder.topK(topK);
        }
        if (minP != null) {
            builder.minP(minP);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        if (stop != null && !stop.isEmpty()) {
            builder.stop(stop);
        }
        if (presencePenalty != null) {
            builder.presencePenalty(presencePenalty);
        }
        if (frequencyPenalty != null) {
            builder.frequencyPenalty(frequencyPenalty);
        }
        if (repetitionPenalty != null) {
            builder.repetitionPenalty(repetitionPenalty);
        }
        return builder;
    }

    private void check(boolean ok, String flag, String rule, Object value) {
        if (!ok) {
            throw new ParameterException(
                    mixee.commandLine(), "Invalid value for option '" + flag + "': " + rule + ", was " + value);
        }
    }
}
