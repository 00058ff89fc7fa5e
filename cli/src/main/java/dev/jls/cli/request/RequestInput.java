package dev.jls.cli.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.cli.CommandFailure;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that make a chat request: a message, or a whole request from a file or standard input. */
public final class RequestInput {

    @Option(
            names = {"-m", "--message"},
            paramLabel = "TEXT",
            description = "The user message.")
    String message;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message to put first.")
    String system;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description =
                    "A chat completion request as JSON (bare, or wrapped as {\"input\": ...}); '-' reads standard input.")
    String file;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens to generate.")
    Integer maxTokens;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "The model name to send (default: the deployment's served model).")
    String model;

    /** Builds the request; throws a usage-style failure naming the flag when the input is missing or wrong. */
    ChatCompletionRequest build(InputStream stdin) {
        if (maxTokens != null && maxTokens < 1) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "Invalid value for option '--max-tokens': must be at least 1, was " + maxTokens);
        }
        ChatCompletionRequest.Builder builder;
        if (file != null) {
            if (message != null) {
                throw new CommandFailure(ExitCodes.USAGE, "-m/--message and --file cannot be used together");
            }
            builder = fromFile(stdin).toBuilder();
            if (system != null) {
                List<ChatMessage> messages = new ArrayList<>();
                messages.add(ChatMessage.system(system));
                messages.addAll(builder.build().messages());
                builder.messages(messages);
            }
        } else {
            if (message == null) {
                throw new CommandFailure(
                        ExitCodes.USAGE, "Missing input: give -m TEXT, or --file FILE ('-' for standard input)");
            }
            List<ChatMessage> messages = new ArrayList<>();
            if (system != null) {
                messages.add(ChatMessage.system(system));
            }
            messages.add(ChatMessage.user(message));
            builder = ChatCompletionRequest.builder().messages(messages);
        }
        if (maxTokens != null) {
            builder.maxTokens(maxTokens);
        }
        if (model != null) {
            builder.model(model);
        }
        return builder.build();
    }

    private ChatCompletionRequest fromFile(InputStream stdin) {
        String text;
        try {
            if (file.equals("-")) {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                text = Files.readString(Path.of(file));
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.USAGE, "Invalid value for option '--file': no such file: " + file);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "Invalid value for option '--file': cannot read " + file + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = Documents.parse(text);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.USAGE, "Invalid value for option '--file': " + e.getMessage());
        }
        if (json.has("input") && json.get("input").isObject()) {
            json = json.get("input");
        }
        if (!json.path("messages").isArray() || json.path("messages").isEmpty()) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "Invalid value for option '--file': the request needs a non-empty \"messages\" array");
        }
        try {
            return ChatCompletionRequest.fromJson(json);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.USAGE, "Invalid value for option '--file': " + e.getMessage());
        }
    }
}
