package dev.jls.sdk.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snippet of docs/sdk.md may name without declaring it, as the guide's prose introduces it: the
 * client, a deployment id, a request and its ids. {@link GuideExamplesTest} compiles each snippet as the
 * body of a method of a subclass, with the snippet's own imports and no others, so every type a snippet
 * uses must be imported in it. The types here are written out in full for the same reason.
 */
public abstract class GuideContext {

    protected dev.jls.sdk.JlsClient client;
    protected String id;
    protected String requestId;
    protected String url;
    protected dev.jls.sdk.models.DeploymentSpec spec;
    protected dev.jls.sdk.models.ChatCompletionRequest request;
    protected dev.jls.sdk.models.SubmittedRequest submitted;
    protected dev.jls.sdk.models.SubmittedRequest another;

    protected final List<String> printed = new ArrayList<>();

    /** What a snippet prints where the reader's program would do something with a line. */
    protected void println(Object line) {
        printed.add(String.valueOf(line));
    }
}
