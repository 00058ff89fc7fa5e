package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any JSON a model can hold, with known fields absent, null or set and unknown fields of any JSON type
 * anywhere among them, is written back exactly as read; the unknown ones are readable as they were.
 */
class ModelRoundTripProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A generated object and the unknown fields put into it. */
    record Sample(Class<? extends JsonModel> type, ObjectNode json, Map<String, JsonNode> extras) {
        @Override
        public String toString() {
            return type.getSimpleName() + json;
        }
    }

    /** How to generate one known field. */
    record Field(String name, Arbitrary<JsonNode> value, boolean required) {}

    static Field opt(String name, Arbitrary<? extends JsonNode> value) {
        return new Field(name, value.map(JsonNode.class::cast), false);
    }

    static Field req(String name, Arbitrary<? extends JsonNode> value) {
        return new Field(name, value.map(JsonNode.class::cast), true);
    }

    // ---- values

    static Arbitrary<String> text() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(" \"\\/\n\té…😀-_.")
                .ofMaxLength(12);
    }

    static Arbitrary<JsonNode> str() {
        return text().map(NODES::textNode);
    }

    static Arbitrary<JsonNode> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).map(NODES::numberNode);
    }

    static Arbitrary<JsonNode> longs() {
        return Arbitraries.longs().map(NODES::numberNode);
    }

    static Arbitrary<JsonNode> doubles() {
        return Arbitraries.doubles().between(-1e6, 1e6).map(NODES::numberNode);
    }

    static Arbitrary<JsonNode> bools() {
        return Arbitraries.of(true, false).map(NODES::booleanNode);
    }

    /** A known word or any other: open enums must keep both. */
    static Arbitrary<JsonNode> word(String... known) {
        return Arbitraries.oneOf(
                        Arbitraries.of(known),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10))
                .map(NODES::textNode);
    }

    static Arbitrary<JsonNode> timestamp() {
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                "2026-06-08T08:38:45.011322",
                                "2026-06-08T08:38:45.011322+00:00",
                                "2026-06-08T08:40:00Z",
                                "2026-01-01T00:00:00-05:30"),
                        text())
                .map(NODES::textNode);
    }

    static Arbitrary<JsonNode> list(Arbitrary<JsonNode> item) {
        return item.list().ofMaxSize(3).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
    }

    static Arbitrary<JsonNode> stringMap() {
        return Arbitraries.maps(
                        Arbitraries.strings()
                                .alpha()
                                .withChars('-')
                                .ofMinLength(1)
                                .ofMaxLength(8),
                        text())
                .ofMaxSize(3)
                .map(map -> {
                    ObjectNode object = NODES.objectNode();
                    map.forEach(object::put);
                    return object;
                });
    }

    /** Any JSON value, nested a little. */
    static Arbitrary<JsonNode> anyJson() {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                str(),
                Arbitraries.integers().map(NODES::numberNode),
                longs(),
                doubles(),
                bools(),
                Arbitraries.just(NullNode.getInstance()));
        return Arbitraries.recursive(
                () -> leaf,
                inner -> Arbitraries.oneOf(
                        leaf,
                        list(inner),
                        Arbitraries.maps(
                                        Arbitraries.strings()
                                                .alpha()
                                                .ofMinLength(1)
                                                .ofMaxLength(6),
                                        inner)
                                .ofMaxSize(3)
                                .map(map -> {
                                    ObjectNode object = NODES.objectNode();
                                    map.forEach(object::set);
                                    return object;
                                })),
                0,
                3);
    }

    // ---- objects

    /**
     * An object with each optional field absent, null or set, extra fields that the model does not know,
     * all in a random order.
     */
    static Arbitrary<Sample> object(Class<? extends JsonModel> type, List<Field> fields) {
        List<Arbitrary<Map.Entry<String, JsonNode>>> known = new ArrayList<>();
        for (Field field : fields) {
            Arbitrary<Map.Entry<String, JsonNode>> set = field.value().map(v -> Map.entry(field.name(), v));
            known.add(
                    field.required()
                            ? set
                            : Arbitraries.frequencyOf(
                                    net.jqwik.api.Tuple.of(2, Arbitraries.just((Map.Entry<String, JsonNode>) null)),
                                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Map.entry(field.name(), (JsonNode)
                                            NullNode.getInstance()))),
                                    net.jqwik.api.Tuple.of(4, set)));
        }
        Arbitrary<Map<String, JsonNode>> extras = Arbitraries.maps(
                        Arbitraries.strings()
                                .alpha()
                                .ofMinLength(1)
                                .ofMaxLength(8)
                                .map(s -> "x_" + s),
                        anyJson())
                .ofMaxSize(4);
        return Combinators.combine(Combinators.combine(known).as(Function.identity()), extras)
                .as((entries, extra) -> {
                    List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
                    entries.stream().filter(e -> e != null).forEach(all::add);
                    all.addAll(extra.entrySet());
                    return Map.entry(all, extra);
                })
                .flatMap(pair -> Arbitraries.shuffle(pair.getKey()).map(order -> {
                    ObjectNode json = NODES.objectNode();
                    order.forEach(e -> json.set(e.getKey(), e.getValue()));
                    return new Sample(type, json, new LinkedHashMap<>(pair.getValue()));
                }));
    }

    static Arbitrary<JsonNode> nested(Arbitrary<Sample> sample) {
        return sample.map(Sample::json);
    }

    static Arbitrary<Sample> usage() {
        return object(
                Usage.class,
                List.of(
                        opt("prompt_tokens", ints(0, 100_000)),
                        opt("completion_tokens", ints(0, 100_000)),
                        opt("total_tokens", ints(0, 200_000)),
                        opt("prompt_tokens_details", anyJson())));
    }

    static Arbitrary<Sample> toolCall() {
        Arbitrary<Sample> function = object(FunctionCall.class, List.of(opt("name", str()), opt("arguments", str())));
        return object(
                ToolCall.class,
                List.of(
                        opt("index", ints(0, 5)),
                        opt("id", str()),
                        opt("type", word("function")),
                        opt("function", nested(function))));
    }

    static Arbitrary<JsonNode> content() {
        Arbitrary<JsonNode> part = Combinators.combine(Arbitraries.just("text"), text())
                .as((type, t) -> (JsonNode) NODES.objectNode().put("type", type).put("text", t));
        return Arbitraries.oneOf(str(), list(part));
    }

    static Arbitrary<Sample> message() {
        return object(
                ChatMessage.class,
                List.of(
                        req("role", word("system", "user", "assistant", "tool", "developer")),
                        opt("content", content()),
                        opt("reasoning", str()),
                        opt("name", str()),
                        opt("tool_calls", list(nested(toolCall()))),
                        opt("tool_call_id", str())));
    }

    static Arbitrary<JsonNode> stopReason() {
        return Arbitraries.oneOf(str(), ints(0, 200_000));
    }

    static Arbitrary<Sample> chatCompletion() {
        Arbitrary<Sample> choice = object(
                ChatChoice.class,
                List.of(
                        opt("index", ints(0, 4)),
                        req("message", nested(message())),
                        opt("logprobs", anyJson()),
                        opt("finish_reason", word("stop", "length", "tool_calls", "abort", "error")),
                        opt("stop_reason", stopReason())));
        return object(
                ChatCompletion.class,
                List.of(
                        req("id", str()),
                        opt("object", word("chat.completion")),
                        req("created", longs()),
                        req("model", str()),
                        opt("choices", list(nested(choice))),
                        opt("usage", nested(usage())),
                        opt("system_fingerprint", str())));
    }

    static Arbitrary<Sample> chunk() {
        Arbitrary<Sample> delta = object(
                ChatDelta.class,
                List.of(
                        opt("role", word("assistant")),
                        opt("content", content()),
                        opt("reasoning", str()),
                        opt("tool_calls", list(nested(toolCall())))));
        Arbitrary<Sample> choice = object(
                ChatChunkChoice.class,
                List.of(
                        opt("index", ints(0, 4)),
                        opt("delta", nested(delta)),
                        opt("logprobs", anyJson()),
                        opt("finish_reason", word("stop", "length")),
                        opt("stop_reason", stopReason())));
        return object(
                ChatCompletionChunk.class,
                List.of(
                        req("id", str()),
                        opt("object", word("chat.completion.chunk")),
                        req("created", longs()),
                        req("model", str()),
                        opt("choices", list(nested(choice))),
                        opt("usage", nested(usage()))));
    }

    static Arbitrary<Sample> completion() {
        Arbitrary<Sample> choice = object(
                CompletionChoice.class,
                List.of(
                        opt("index", ints(0, 4)),
                        opt("text", str()),
                        opt("logprobs", anyJson()),
                        opt("finish_reason", word("stop", "length")),
                        opt("stop_reason", stopReason())));
        return object(
                Completion.class,
                List.of(
                        req("id", str()),
                        opt("object", word("text_completion")),
                        req("created", longs()),
                        req("model", str()),
                        opt("choices", list(nested(choice))),
                        opt("usage", nested(usage()))));
    }

    static Arbitrary<JsonNode> stop() {
        return Arbitraries.oneOf(str(), list(str()));
    }

    static List<Field> vllmExtras() {
        return List.of(
                opt("top_k", ints(-1, 100)),
                opt("min_p", doubles()),
                opt("repetition_penalty", doubles()),
                opt("min_tokens", ints(0, 100)),
                opt("ignore_eos", bools()),
                opt("stop_token_ids", list(ints(0, 200_000))));
    }

    static Arbitrary<Sample> chatRequest() {
        Arbitrary<Sample> streamOptions = object(
                StreamOptions.class, List.of(opt("include_usage", bools()), opt("continuous_usage_stats", bools())));
        Arbitrary<Sample> tool = object(
                Tool.class,
                List.of(
                        opt("type", word("function")),
                        req(
                                "function",
                                nested(object(
                                        FunctionDefinition.class,
                                        List.of(
                                                req("name", str()),
                                                opt("description", str()),
                                                opt("parameters", anyJson()),
                                                opt("strict", bools())))))));
        List<Field> fields = new ArrayList<>(List.of(
                opt("model", str()),
                opt("messages", list(nested(message()))),
                opt("max_tokens", ints(1, 100_000)),
                opt("max_completion_tokens", ints(1, 100_000)),
                opt("temperature", doubles()),
                opt("top_p", doubles()),
                opt("n", ints(1, 8)),
                opt("stop", stop()),
                opt("seed", longs()),
                opt("stream", bools()),
                opt("stream_options", nested(streamOptions)),
                opt("logprobs", bools()),
                opt("top_logprobs", ints(0, 20)),
                opt("presence_penalty", doubles()),
                opt("frequency_penalty", doubles()),
                opt("response_format", anyJson()),
                opt("tools", list(nested(tool))),
                opt("tool_choice", anyJson()),
                opt("user", str())));
        fields.addAll(vllmExtras());
        return object(ChatCompletionRequest.class, fields);
    }

    static Arbitrary<Sample> completionRequest() {
        List<Field> fields = new ArrayList<>(List.of(
                opt("model", str()),
                opt("prompt", Arbitraries.oneOf(str(), list(str()), list(ints(0, 50_000)))),
                opt("max_tokens", ints(1, 100_000)),
                opt("temperature", doubles()),
                opt("n", ints(1, 8)),
                opt("stop", stop()),
                opt("seed", longs()),
                opt("logprobs", ints(0, 5)),
                opt("echo", bools()),
                opt("suffix", str())));
        fields.addAll(vllmExtras());
        return object(CompletionRequest.class, fields);
    }

    static Arbitrary<JsonNode> gpus() {
        return Arbitraries.oneOf(
                list(Arbitraries.of("H100", "A100", "L4", "RTX6000Ada").map(NODES::textNode))
                        .map(list -> (JsonNode) NODES.objectNode().set("gpus", list)),
                Combinators.combine(list(str()), str()).as((list, extra) -> {
                    ObjectNode o = NODES.objectNode();
                    o.set("gpus", list);
                    o.set("x_pool", extra);
                    return o;
                }));
    }

    static Arbitrary<Sample> spec() {
        return object(
                DeploymentSpec.class,
                List.of(
                        opt("name", str()),
                        opt("region", str()),
                        opt("framework", word("vllm", "sglang", "ollama")),
                        opt("gpus_to_use", gpus()),
                        opt("gpus_per_worker", ints(-1, 8)),
                        opt("min_workers", ints(-5, 120)),
                        opt("max_workers", ints(-5, 120)),
                        opt("concurrent_requests", ints(0, 120)),
                        opt("idle_timeout", ints(-1, 90_000)),
                        opt("wait_time", ints(-1, 700)),
                        opt("storage", ints(0, 500)),
                        opt("args", stringMap()),
                        opt("env", stringMap())));
    }

    static Arbitrary<Sample> worker() {
        return object(
                WorkerInfo.class,
                List.of(
                        opt("worker_id", longs()),
                        req("status", word("provisioning", "healthy")),
                        opt("last_used", timestamp()),
                        opt("pid", longs()),
                        opt("port", ints(1, 65_535)),
                        opt("gpus", list(ints(0, 7))),
                        opt("in_flight", ints(0, 100))));
    }

    static Arbitrary<Sample> deployment() {
        Arbitrary<Sample> workers = object(
                Workers.class,
                List.of(
                        opt("total", ints(0, 100)),
                        opt("healthy", ints(0, 100)),
                        opt("provisioning", ints(0, 100)),
                        opt("list", list(nested(worker())))));
        return object(
                Deployment.class,
                List.of(
                        req("deployment_id", str()),
                        req("name", str()),
                        req("status", word("starting", "running", "failed", "deleting")),
                        opt("error_message", str()),
                        opt("region", str()),
                        opt("framework", word("vllm")),
                        opt("gpus_to_use", gpus()),
                        opt("gpus_per_worker", ints(1, 8)),
                        opt("min_workers", ints(0, 100)),
                        opt("max_workers", ints(0, 100)),
                        opt("concurrent_requests", ints(1, 100)),
                        opt("idle_timeout", ints(0, 86_400)),
                        opt("wait_time", ints(0, 600)),
                        opt("storage", ints(50, 500)),
                        opt("args", stringMap()),
                        opt("env", stringMap()),
                        opt("start_time", timestamp()),
                        opt("end_time", timestamp()),
                        opt("created_at", timestamp()),
                        opt("updated_at", timestamp()),
                        opt("workers", nested(workers)),
                        opt("queue_depth", ints(0, 10_000)),
                        opt("total_cost", doubles()),
                        opt("currency", str())));
    }

    static Arbitrary<Sample> small() {
        return Arbitraries.oneOf(
                object(
                        Model.class,
                        List.of(
                                req("id", str()),
                                opt("object", word("model")),
                                opt("created", longs()),
                                opt("owned_by", str()),
                                opt("root", str()),
                                opt("parent", str()),
                                opt("max_model_len", ints(1, 1 << 20)))),
                object(
                        RequestError.class,
                        List.of(
                                opt("message", str()),
                                opt("type", str()),
                                opt("param", str()),
                                opt("code", Arbitraries.oneOf(ints(100, 599), str())))),
                object(
                        DeploymentUpdate.class,
                        List.of(
                                opt("name", str()),
                                opt("idle_timeout", ints(0, 86_400)),
                                opt("wait_time", ints(0, 600)))),
                worker(),
                usage(),
                toolCall(),
                message());
    }

    @Provide
    Arbitrary<Sample> anyModel() {
        return Arbitraries.oneOf(
                chatCompletion(),
                chunk(),
                completion(),
                chatRequest(),
                completionRequest(),
                spec(),
                deployment(),
                small());
    }

    @Property(tries = 600)
    void writtenBackExactlyAsRead(@ForAll("anyModel") Sample sample) {
        String text = Json.write(sample.json());

        JsonModel model = Json.read(text, sample.type());

        // Compare with the tree as read back: a generated long 5 reads as an int node 5.
        JsonNode asRead = Json.readTree(text);
        Map<String, JsonNode> extrasAsRead = new LinkedHashMap<>();
        asRead.properties().forEach(e -> {
            if (sample.extras().containsKey(e.getKey())) {
                extrasAsRead.put(e.getKey(), e.getValue());
            }
        });
        assertThat(Json.write(model)).isEqualTo(text);
        assertThat(model.additionalProperties()).containsExactlyEntriesOf(extrasAsRead);
        assertThat(model.additionalProperties().keySet())
                .containsExactlyInAnyOrderElementsOf(sample.extras().keySet());
        assertThat(model.toJson()).isEqualTo(asRead);
    }

    @Property(tries = 300)
    void toBuilderAndFromJsonGiveEqualModels(@ForAll("anyModel") Sample sample) throws Exception {
        JsonModel model = Json.convert(sample.json(), sample.type());

        Object builder = sample.type().getMethod("toBuilder").invoke(model);
        Object rebuilt = builder.getClass().getMethod("build").invoke(builder);
        Object reread = sample.type().getMethod("fromJson", JsonNode.class).invoke(null, model.toJson());

        assertThat(rebuilt).isEqualTo(model).hasSameHashCodeAs(model);
        assertThat(reread).isEqualTo(model);
    }

    @Property(tries = 200)
    void extraRequestParametersReachTheWire(@ForAll("extraParams") Map<String, JsonNode> extra) {
        ChatCompletionRequest.Builder builder = ChatCompletionRequest.builder().addUserMessage("hi");
        extra.forEach(builder::putAdditionalProperty);

        JsonNode wire = Json.readTree(Json.write(builder.build()));

        extra.forEach((name, value) -> assertThat(wire.get(name)).isEqualTo(Json.readTree(Json.write(value))));
        assertThat(wire.size()).isEqualTo(extra.size() + 1);
    }

    @Provide
    Arbitrary<Map<String, JsonNode>> extraParams() {
        return Arbitraries.maps(
                        Arbitraries.strings()
                                .alpha()
                                .ofMinLength(1)
                                .ofMaxLength(10)
                                .map(s -> "p_" + s),
                        anyJson())
                .ofMaxSize(6);
    }
}
