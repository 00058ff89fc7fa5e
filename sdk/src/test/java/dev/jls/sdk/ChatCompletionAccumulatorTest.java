package dev.jls.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.internal.Json;
import dev.jls.sdk.models.ChatChoice;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatRole;
import dev.jls.sdk.models.FinishReason;
import org.junit.jupiter.api.Test;

class ChatCompletionAccumulatorTest {

    static ChatCompletionChunk chunk(String choicesAndMore) {
        return ChatCompletionChunk.fromJson(Json.readTree("{\"id\":\"chatcmpl-T\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1718000000,\"model\":\"llama8b\"," + choicesAndMore + "}"));
    }

    @Test
    void joinsContentReasoningAndToolCallsByIndexPerChoice() {
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        accumulator.accept(
                chunk("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning\":\"Think\"}},"
                        + "{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"B\"}}]"));
        accumulator.accept(
                chunk(
                        "\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ing.\",\"tool_calls\":["
                                + "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"ci\"}},"
                                + "{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]}}]"));
        accumulator.accept(chunk("\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":["
                + "{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Pune\\\"}\"}}]},\"finish_reason\":\"tool_calls\"},"
                + "{\"index\":1,\"delta\":{\"content\":\"ye\"},\"finish_reason\":\"stop\",\"stop_reason\":\"\\n\"}]"));
        accumulator.accept(
                chunk("\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"total_tokens\":20,\"completion_tokens\":11}"));

        ChatCompletion whole = accumulator.chatCompletion();

        assertThat(whole.object()).isEqualTo("chat.completion");
        assertThat(whole.id()).isEqualTo("chatcmpl-T");
        assertThat(whole.usage())
                .hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(20));
        ChatChoice first = whole.choices().get(0);
        assertThat(first.message().role()).isEqualTo(ChatRole.ASSISTANT);
        assertThat(first.message().reasoning()).contains("Thinking.");
        assertThat(first.message().content()).isEmpty();
        assertThat(first.message().toolCalls()).hasSize(2);
        assertThat(first.message().toolCalls().get(0).id()).contains("call_1");
        assertThat(first.message().toolCalls().get(0).function().name()).contains("weather");
        assertThat(first.message().toolCalls().get(0).function().arguments()).contains("{\"city\": \"Pune\"}");
        assertThat(first.message().toolCalls().get(1).function().name()).contains("time");
        assertThat(first.finishReason()).contains(FinishReason.TOOL_CALLS);
        ChatChoice second = whole.choices().get(1);
        assertThat(second.message().content()).contains("Bye");
        assertThat(second.finishReason()).contains(FinishReason.STOP);
        assertThat(second.stopReason())
                .hasValueSatisfying(reason -> assertThat(reason.asText()).isEqualTo("\n"));
        assertThat(accumulator.chunkCount()).isEqualTo(4);
    }

    @Test
    void nothingAddedIsAnError() {
        assertThatThrownBy(() -> new ChatCompletionAccumulator().chatCompletion())
                .isInstanceOf(IllegalStateException.class);
    }
}
