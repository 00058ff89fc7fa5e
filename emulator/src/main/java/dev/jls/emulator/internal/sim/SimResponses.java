package dev.jls.emulator.internal.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The JSON bodies of ENGINE.md, field for field and in its order. */
final class SimResponses {

    private SimResponses() {}

    /** What every body of one answer shares. */
    record Header(String id, SimRequest.Kind kind, long created, String model) {}

    static byte[] error(SimApiException e) {
        return error(e.getMessage(), e.type(), e.param(), e.status());
    }

    static byte[] error(String message, String type, Optional<String> param, int code) {
        return SimJson.write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", message);
            json.writeStringField("type", type);
            if (param.isPresent()) {
                json.writeStringField("param", param.get());
            } else {
                json.writeNullField("param");
            }
            json.writeNumberField("code", code);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** FastAPI's answer for an unknown route or method. */
    static byte[] detail(String detail) {
        return SimJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("detail", detail);
            json.writeEndObject();
        });
    }

    static byte[] models(SimEngineArgs args, long created) {
        return SimJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String name : args.servedModelNames()) {
                json.writeStartObject();
                json.writeStringField("id", name);
                json.writeStringField("object", "model");
                json.writeNumberField("created", created);
                json.writeStringField("owned_by", "vllm");
                json.writeStringField("root", args.model());
                json.writeNullField("parent");
                json.writeNumberField("max_model_len", args.maxModelLen());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** A whole answer, chat or completion. */
    static byte[] completion(
            Header header,
            List<SimTextGenerator.Generation> choices,
            List<String> echoTexts,
            int promptTokens,
            int completionTokens) {
        return SimJson.write(json -> {
            start(json, header, header.kind().object);
            json.writeArrayFieldStart("choices");
            for (int i = 0; i < choices.size(); i++) {
                SimTextGenerator.Generation choice = choices.get(i);
                json.writeStartObject();
                json.writeNumberField("index", i);
                if (header.kind() == SimRequest.Kind.CHAT) {
                    json.writeObjectFieldStart("message");
                    json.writeStringField("role", "assistant");
                    json.writeStringField("content", choice.text());
                    json.writeNullField("reasoning");
                    json.writeArrayFieldStart("tool_calls");
                    json.writeEndArray();
                    json.writeEndObject();
                } else {
                    json.writeStringField("text", echoTexts.get(i) + choice.text());
                }
                json.writeNullField("logprobs");
                json.writeStringField("finish_reason", choice.finishReason());
                stopReason(json, choice.stopReason());
                json.writeEndObject();
            }
            json.writeEndArray();
            usage(json, promptTokens, completionTokens, true);
            json.writeEndObject();
        });
    }

    /** The first chunk of a chat choice: the role, with empty content. */
    static byte[] roleChunk(Header header, int index) {
        return SimJson.write(json -> {
            start(json, header, header.kind().chunkObject);
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", index);
            json.writeObjectFieldStart("delta");
            json.writeStringField("role", "assistant");
            json.writeStringField("content", "");
            json.writeEndObject();
            json.writeNullField("logprobs");
            json.writeNullField("finish_reason");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * One streamed piece of choice {@code index}; with a finish reason when it is the choice's last. A
     * chat chunk carries {@code stop_reason} only on its last piece, a completion chunk always, as vLLM's
     * do.
     */
    static byte[] pieceChunk(
            Header header, int index, String piece, Optional<String> finishReason, Optional<String> stopReason) {
        return SimJson.write(json -> {
            start(json, header, header.kind().chunkObject);
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", index);
            boolean chat = header.kind() == SimRequest.Kind.CHAT;
            if (chat) {
                json.writeObjectFieldStart("delta");
                json.writeStringField("content", piece);
                json.writeEndObject();
            } else {
                json.writeStringField("text", piece);
            }
            json.writeNullField("logprobs");
            if (finishReason.isPresent()) {
                json.writeStringField("finish_reason", finishReason.get());
                stopReason(json, stopReason);
            } else {
                json.writeNullField("finish_reason");
                if (!chat) {
                    json.writeNullField("stop_reason");
                }
            }
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The last chunk of a stream with {@code stream_options}: no choices, the usage. */
    static byte[] usageChunk(Header header, int promptTokens, int completionTokens) {
        return SimJson.write(json -> {
            start(json, header, header.kind().chunkObject);
            json.writeArrayFieldStart("choices");
            json.writeEndArray();
            usage(json, promptTokens, completionTokens, false);
            json.writeEndObject();
        });
    }

    private static void start(JsonGenerator json, Header header, String object) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", header.id());
        json.writeStringField("object", object);
        json.writeNumberField("created", header.created());
        json.writeStringField("model", header.model());
    }

    private static void stopReason(JsonGenerator json, Optional<String> stopReason) throws IOException {
        if (stopReason.isPresent()) {
            json.writeStringField("stop_reason", stopReason.get());
        } else {
            json.writeNullField("stop_reason");
        }
    }

    private static void usage(JsonGenerator json, int promptTokens, int completionTokens, boolean withDetails)
            throws IOException {
        json.writeObjectFieldStart("usage");
        json.writeNumberField("prompt_tokens", promptTokens);
        json.writeNumberField("total_tokens", promptTokens + completionTokens);
        json.writeNumberField("completion_tokens", completionTokens);
        if (withDetails) {
            json.writeNullField("prompt_tokens_details");
        }
        json.writeEndObject();
    }
}
