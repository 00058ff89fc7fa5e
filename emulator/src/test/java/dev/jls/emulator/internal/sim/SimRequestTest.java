package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimRequestTest {

    private static SimRequest chat(String json) throws SimApiException {
        return SimRequest.parse(SimRequest.Kind.CHAT, json.getBytes(StandardCharsets.UTF_8));
    }

    private static SimRequest completion(String json) throws SimApiException {
        return SimRequest.parse(SimRequest.Kind.COMPLETION, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello there, friend!\"}]";

    @Test
    void aChatPromptCountsItsContentPlusTheTemplate() throws Exception {
        SimRequest r = chat("{" + HELLO + "}");
        // 5 content tokens + 4 for the message + 3 opening the answer.
        assertThat(r.prompts())
                .singleElement()
                .satisfies(p -> assertThat(p.tokens()).isEqualTo(12));
        assertThat(r.n()).isEqualTo(1);
        assertThat(r.model()).isEmpty();
        assertThat(r.stream()).isFalse();
        assertThat(r.maxTokens()).isEmpty();
    }

    @Test
    void contentPartsAndNamesCount() throws Exception {
        SimRequest r = chat(
                "{\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"one two\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},{\"type\":\"text\",\"text\":\"three\"}]}]}");
        assertThat(r.prompts().get(0).tokens()).isEqualTo(3 + 4 + 3 + 1);
    }

    @Test
    void aCompletionPromptCountsItsTextPlusTheStartToken() throws Exception {
        SimRequest r = completion("{\"prompt\":\"Once upon a time\"}");
        assertThat(r.prompts().get(0).tokens()).isEqualTo(5);
        assertThat(r.limitFor(r.prompts().get(0), 8192)).isEqualTo(16);
    }

    @Test
    void completionPromptsMayBeListsOfStringsOrTokenIds() throws Exception {
        assertThat(completion("{\"prompt\":[\"a b\",\"c\"]}").prompts())
                .extracting(SimRequest.Prompt::tokens)
                .containsExactly(3, 2);
        assertThat(completion("{\"prompt\":[1,2,3]}").prompts())
                .extracting(SimRequest.Prompt::tokens)
                .containsExactly(3);
        assertThat(completion("{\"prompt\":[[1,2],[3]]}").prompts())
                .extracting(SimRequest.Prompt::tokens)
                .containsExactly(2, 1);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() throws Exception {
        assertThat(chat("{" + HELLO + ",\"max_tokens\":5,\"max_completion_tokens\":7}")
                        .maxTokens())
                .hasValue(7);
        assertThat(chat("{" + HELLO + ",\"max_tokens\":5}").maxTokens()).hasValue(5);
    }

    @Test
    void streamOptionsIncludeUsageUnlessTheySayNot() throws Exception {
        assertThat(chat("{" + HELLO + ",\"stream\":true}").includeUsage()).isFalse();
        assertThat(chat("{" + HELLO + ",\"stream\":true,\"stream_options\":{}}").includeUsage())
                .isTrue();
        assertThat(chat("{" + HELLO + ",\"stream\":true,\"stream_options\":{\"include_usage\":false}}")
                        .includeUsage())
                .isFalse();
    }

    @Test
    void unknownFieldsAndVllmExtrasAreAccepted() throws Exception {
        SimRequest r = chat("{" + HELLO
                + ",\"whatever\":{\"x\":[1]},\"top_k\":5,\"repetition_penalty\":1.1,\"tools\":[],\"stop\":\"END\","
                + "\"ignore_eos\":true,\"min_tokens\":3,\"seed\":9,\"temperature\":0.5,\"n\":2.0}");
        assertThat(r.stops()).containsExactly("END");
        assertThat(r.ignoreEos()).isTrue();
        assertThat(r.minTokens()).isEqualTo(3);
        assertThat(r.seed()).hasValue(9);
        assertThat(r.temperature()).hasValue(0.5);
        assertThat(r.n()).isEqualTo(2);
    }

    @Test
    void theSeedDependsOnThePromptSeedTemperatureAndChoice() throws Exception {
        SimRequest a = chat("{" + HELLO + "}");
        SimRequest b = chat("{" + HELLO + ",\"seed\":1}");
        SimRequest c = chat("{" + HELLO + ",\"temperature\":0.7}");
        SimRequest d = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello there, enemy!\"}]}");
        long base = a.choiceSeed(a.prompts().get(0), 0);
        assertThat(chat("{" + HELLO + ",\"max_tokens\":3}")
                        .choiceSeed(a.prompts().get(0), 0))
                .isEqualTo(base);
        assertThat(b.choiceSeed(b.prompts().get(0), 0)).isNotEqualTo(base);
        assertThat(c.choiceSeed(c.prompts().get(0), 0)).isNotEqualTo(base);
        assertThat(d.choiceSeed(d.prompts().get(0), 0)).isNotEqualTo(base);
        assertThat(a.choiceSeed(a.prompts().get(0), 1)).isNotEqualTo(base);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON             | {nope                                              | ",
                "not an object        | [1,2]                                              | ",
                "no messages          | {\"model\":\"m\"}                                  | messages",
                "empty messages       | {\"messages\":[]}                                  | messages",
                "message without role | {\"messages\":[{\"content\":\"x\"}]}               | messages",
                "negative n           | {MSG,\"n\":-1}                                     | n",
                "zero n               | {MSG,\"n\":0}                                      | n",
                "n not a number       | {MSG,\"n\":\"two\"}                                | n",
                "zero max_tokens      | {MSG,\"max_tokens\":0}                             | max_tokens",
                "fractional max_tokens| {MSG,\"max_tokens\":1.5}                           | max_tokens",
                "stop not strings     | {MSG,\"stop\":[1]}                                 | stop",
                "negative temperature | {MSG,\"temperature\":-0.1}                         | temperature",
                "top_p above one      | {MSG,\"top_p\":1.5}                                | top_p",
                "stream not boolean   | {MSG,\"stream\":\"yes\"}                           | stream",
                "options w/o stream   | {MSG,\"stream_options\":{}}                        | stream_options",
                "model not a string   | {MSG,\"model\":5}                                  | model",
                "min over max         | {MSG,\"max_tokens\":2,\"min_tokens\":3}            | min_tokens",
            })
    void badValuesAreBadRequestsNamingTheField(String name, String json, String param) {
        String body = json.replace("MSG", HELLO);
        assertThatThrownBy(() -> chat(body)).isInstanceOfSatisfying(SimApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("BadRequestError");
            assertThat(e.param().orElse(null)).isEqualTo(param);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @Test
    void maxTokensBeyondTheContextIsABadRequest() throws Exception {
        SimRequest r = chat("{" + HELLO + ",\"max_tokens\":100}");
        assertThat(r.limitFor(r.prompts().get(0), 112)).isEqualTo(100);
        assertThatThrownBy(() -> r.limitFor(r.prompts().get(0), 111))
                .isInstanceOfSatisfying(SimApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage())
                            .contains("maximum context length is 111 tokens")
                            .contains("12 input tokens");
                });
    }

    @Test
    void withoutMaxTokensChatMayUseTheRestOfTheContext() throws Exception {
        SimRequest r = chat("{" + HELLO + "}");
        assertThat(r.limitFor(r.prompts().get(0), 100)).isEqualTo(88);
        assertThatThrownBy(() -> r.limitFor(r.prompts().get(0), 12)).isInstanceOf(SimApiException.class);
    }
}
