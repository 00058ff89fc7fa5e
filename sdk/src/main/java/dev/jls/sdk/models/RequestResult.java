package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import java.util.Objects;

/**
 * What fetching a submitted request gives: {@link Pending} with its state, {@link Completed} with the
 * engine's answer, {@link Failed} with the error, or {@link Cancelled}. Sealed, so a {@code switch} over
 * it needs no default:
 *
 * <pre>{@code
 * switch (client.requests().fetch(dep, rid)) {
 *     case RequestResult.Completed c -> print(c.chatCompletion());   // Java 21 pattern switch;
 *     ...                                                             // on 17 use instanceof
 * }
 * }</pre>
 */
public sealed interface RequestResult
        permits RequestResult.Pending, RequestResult.Completed, RequestResult.Failed, RequestResult.Cancelled {

    /**
     * @return the request's id, {@code req-…}
     */
    String requestId();

    /**
     * @return the request's state: {@code Queued}/{@code Fetched}/{@code Processing} (or a word this SDK
     *     does not know) while pending, else {@code Completed}, {@code Failed} or {@code Cancelled}
     */
    RequestState state();

    /**
     * Reads a fetch answer's body. A body with {@code "status": "Failed"} is {@link Failed}, with
     * {@code "Cancelled"} {@link Cancelled}, with any other status word but {@code Completed}
     * {@link Pending} (the 202 answers {@code Queued}, {@code Fetched}, {@code Processing}); anything
     * else, such as the engine's {@code chat.completion}, is {@link Completed}.
     *
     * @param requestId the id of the request fetched (the engine's body carries its own {@code id})
     * @param body the answer's JSON object
     * @return the result
     * @throws JlsInvalidDataException if the body is not an object, or a failure has a malformed error
     */
    static RequestResult fromFetch(String requestId, JsonNode body) {
        ObjectNode json = FieldReader.requireObject(body, "fetch answer");
        JsonNode status = json.get("status");
        if (status == null || !status.isTextual() || status.textValue().equals(RequestState.COMPLETED.asString())) {
            return new Completed(requestId, json);
        }
        RequestState state = RequestState.of(status.textValue());
        if (state.equals(RequestState.FAILED)) {
            JsonNode error = json.get("error");
            return new Failed(
                    requestId,
                    error == null || error.isNull()
                            ? RequestError.of("unknown", "the request failed and the server gave no details")
                            : RequestError.fromJson(error));
        }
        if (state.equals(RequestState.CANCELLED)) {
            return new Cancelled(requestId);
        }
        return new Pending(requestId, state);
    }

    /**
     * Not finished yet.
     *
     * @param requestId the request's id
     * @param state {@code Queued}, {@code Fetched} or {@code Processing} (or a state this SDK does not know)
     */
    record Pending(String requestId, RequestState state) implements RequestResult {
        /**
         * Checks that neither part is null.
         *
         * @param requestId the request's id
         * @param state its state
         */
        public Pending {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Completed: {@link #raw()} is the engine's answer exactly; {@link #chatCompletion()} or
     * {@link #completion()} read it typed, depending on what was submitted.
     *
     * @param requestId the request's id
     * @param raw the engine's answer (copied on the way in and out)
     */
    record Completed(String requestId, JsonNode raw) implements RequestResult {
        /**
         * Checks that neither part is null and copies the answer.
         *
         * @param requestId the request's id
         * @param raw the engine's answer
         */
        public Completed {
            Objects.requireNonNull(requestId, "requestId");
            raw = Objects.requireNonNull(raw, "raw").deepCopy();
        }

        /**
         * @return a copy of the engine's answer
         */
        @Override
        public JsonNode raw() {
            return raw.deepCopy();
        }

        /**
         * @return {@code Completed}
         */
        @Override
        public RequestState state() {
            return RequestState.COMPLETED;
        }

        /**
         * @return the answer of a submitted chat request
         * @throws JlsInvalidDataException if the answer is not a chat completion
         */
        public ChatCompletion chatCompletion() {
            requireNot("text_completion", "completion()");
            return ChatCompletion.fromJson(raw);
        }

        /**
         * @return the answer of a submitted completions request
         * @throws JlsInvalidDataException if the answer is not a text completion
         */
        public Completion completion() {
            requireNot("chat.completion", "chatCompletion()");
            return Completion.fromJson(raw);
        }

        private void requireNot(String object, String instead) {
            JsonNode actual = raw.get("object");
            if (actual != null && object.equals(actual.asText())) {
                throw new JlsInvalidDataException(
                        "request " + requestId + " answered a " + object + "; read it with " + instead);
            }
        }
    }

    /**
     * Failed: {@link #error()} says why.
     *
     * @param requestId the request's id
     * @param error the server's error details
     */
    record Failed(String requestId, RequestError error) implements RequestResult {
        /**
         * Checks that neither part is null.
         *
         * @param requestId the request's id
         * @param error why it failed
         */
        public Failed {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(error, "error");
        }

        /**
         * @return {@code Failed}
         */
        @Override
        public RequestState state() {
            return RequestState.FAILED;
        }
    }

    /**
     * Cancelled before it completed.
     *
     * @param requestId the request's id
     */
    record Cancelled(String requestId) implements RequestResult {
        /**
         * Checks that the id is not null.
         *
         * @param requestId the request's id
         */
        public Cancelled {
            Objects.requireNonNull(requestId, "requestId");
        }

        /**
         * @return {@code Cancelled}
         */
        @Override
        public RequestState state() {
            return RequestState.CANCELLED;
        }
    }
}
