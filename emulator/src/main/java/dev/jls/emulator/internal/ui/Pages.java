package dev.jls.emulator.internal.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.emulator.internal.core.ClusterMetrics;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentView;
import dev.jls.emulator.internal.core.GpuAllocator;
import dev.jls.emulator.internal.core.RequestView;
import dev.jls.emulator.internal.core.WorkerView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The dashboard's pages and their live parts, as markup. */
final class Pages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Pages() {}

    /** What every page of a session shows around its content. */
    record Frame(String tenant, String csrf, String version) {}

    // ---- the frame

    /** What a page loads besides its markup and styles. */
    enum Scripts {
        /** Nothing: the login and error pages. */
        NONE,
        /** htmx, its SSE extension and the dashboard's script. */
        LIVE,
        /** Those and uPlot, for the deployment's chart. */
        CHART
    }

    static Html page(String title, Frame frame, Html main, Scripts scripts) {
        Html header = frame == null ? Html.EMPTY : Html.of("""
                        <header class="top">
                          <a class="brand" href="/ui">jls emulator</a>
                          <nav aria-label="Main">
                            <a href="/ui">Deployments</a>
                            <a href="/ui/new">New deployment</a>
                          </nav>
                          <span class="tenant" title="Your API key's tenant">{}</span>
                          <form method="post" action="/ui/logout" class="inline">{}<button type="submit" class="link">Log out</button></form>
                        </header>
                        """, frame.tenant(), csrf(frame));
        return Html.of(
                """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="htmx-config" content='{"includeIndicatorStyles": false}'>
                <title>{} · jls emulator</title>
                <link rel="stylesheet" href="{}">
                {}
                </head>
                <body hx-ext="sse">
                {}
                <main id="main">
                {}
                </main>
                {}
                </body>
                </html>
                """,
                title,
                Assets.url("dashboard.css"),
                scripts == Scripts.CHART
                        ? Html.of("<link rel=\"stylesheet\" href=\"{}\">", Assets.url("uPlot.min.css"))
                        : Html.EMPTY,
                header,
                main,
                scripts == Scripts.NONE ? Html.EMPTY : scripts(scripts == Scripts.CHART));
    }

    private static Html scripts(boolean chart) {
        List<Html> s = new ArrayList<>();
        s.add(script("htmx.min.js"));
        s.add(script("sse.js"));
        if (chart) {
            s.add(script("uPlot.iife.min.js"));
        }
        s.add(script("dashboard.js"));
        return Html.join(s);
    }

    private static Html script(String name) {
        return Html.of("<script src=\"{}\"></script>\n", Assets.url(name));
    }

    static Html csrf(Frame frame) {
        return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", frame.csrf());
    }

    // ---- login

    static Html login(String problem) {
        Html main = Html.of(
                """
                <section class="login">
                  <h1>jls emulator</h1>
                  <p>Log in with the one-time token the emulator printed at start (or that <code>jls ui</code> made), or with an API key.</p>
                  {}
                  <form method="post" action="/ui/login">
                    <label for="token">Token or API key</label>
                    <input id="token" name="token" type="password" autocomplete="off" required>
                    <button type="submit">Log in</button>
                  </form>
                </section>
                """, problem == null ? Html.EMPTY : Html.of("<p class=\"problem\" role=\"alert\">{}</p>", problem));
        return page("Log in", null, main, Scripts.NONE);
    }

    static Html error(Frame frame, int status, String message) {
        return page(
                "Error " + status,
                frame,
                Html.of(
                        "<h1>{}</h1><p class=\"problem\" role=\"alert\">{}</p><p><a href=\"/ui\">Back to the deployments</a></p>",
                        status == 404 ? "Not found" : status >= 500 ? "Something went wrong" : "Refused",
                        message),
                Scripts.NONE);
    }

    // ---- overview

    static Html overview(Frame frame, Html live) {
        Html main = Html.of("""
                <div class="title"><h1>Deployments</h1><a class="button" href="/ui/new">New deployment</a></div>
                <div sse-connect="/ui/overview/live" sse-close="gone">
                  <div id="overview" sse-swap="overview" aria-live="polite">{}</div>
                </div>
                """, live);
        return page("Deployments", frame, main, Scripts.LIVE);
    }

    /** The overview's live part: totals, deployments, and the GPU pool. */
    static Html overviewLive(List<DeploymentView> views, ClusterMetrics metrics, Map<String, Double> rates) {
        int workers = 0;
        int queued = 0;
        int inFlight = 0;
        List<Html> rows = new ArrayList<>();
        for (DeploymentView v : views) {
            DeploymentSpec s = v.spec();
            workers += v.workers().size();
            queued += v.queueDepth();
            inFlight += v.inFlight();
            rows.add(Html.of(
                    """
                    <tr data-deployment="{}"><td><a href="/ui/d/{}">{}</a></td><td>{}</td><td>{}</td>\
                    <td class="num" data-workers>{} / {}–{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>
                    """,
                    v.id(),
                    v.id(),
                    s.name(),
                    s.model().orElse(""),
                    status(v.status().wire()),
                    v.workers().size(),
                    s.minWorkers(),
                    s.maxWorkers(),
                    v.queueDepth(),
                    v.inFlight(),
                    String.format(Locale.ROOT, "%.1f", rates.getOrDefault(v.id(), 0.0))));
        }
        Html table = views.isEmpty()
                ? Html.of("<p class=\"empty\">No deployments yet. <a href=\"/ui/new\">Create one</a>.</p>")
                : Html.of("""
                        <div class="scroll"><table>
                        <caption>Your deployments</caption>
                        <thead><tr><th scope="col">Name</th><th scope="col">Model</th><th scope="col">Status</th>\
                        <th scope="col" class="num">Workers now / min–max</th><th scope="col" class="num">Queued</th>\
                        <th scope="col" class="num">In flight</th><th scope="col" class="num">Requests/s</th></tr></thead>
                        <tbody>{}</tbody></table></div>
                        """, Html.join(rows));
        Set<String> mine = views.stream().map(DeploymentView::id).collect(Collectors.toSet());
        List<Html> gpus = new ArrayList<>();
        int held = 0;
        for (GpuAllocator.GpuHolding g : metrics.gpus()) {
            String holder = g.holder().orElse("");
            String dep = holder.indexOf('/') > 0 ? holder.substring(0, holder.indexOf('/')) : holder;
            Html who;
            if (holder.isEmpty()) {
                who = Html.of("<span class=\"muted\">free</span>");
            } else if (mine.contains(dep)) {
                held++;
                who = Html.of("<a href=\"/ui/d/{}\">{}</a>", dep, holder);
            } else {
                held++;
                who = Html.of("<span class=\"muted\">another key's deployment</span>");
            }
            gpus.add(Html.of(
                    "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{} MiB</td><td>{}</td></tr>\n",
                    g.gpu().index(),
                    g.gpu().type(),
                    g.gpu().name(),
                    g.gpu().memoryTotalMiB(),
                    who));
        }
        return Html.of(
                """
                <ul class="totals" aria-label="Totals">
                  <li><strong>{}</strong> deployments</li><li><strong>{}</strong> workers</li>
                  <li><strong>{}</strong> queued</li><li><strong>{}</strong> in flight</li>
                  <li><strong>{} / {}</strong> GPUs held</li>
                </ul>
                {}
                <h2>GPU pool</h2>
                <div class="scroll"><table>
                <caption>Every GPU of the emulator, shared by all keys</caption>
                <thead><tr><th scope="col" class="num">GPU</th><th scope="col">Type</th><th scope="col">Name</th>\
                <th scope="col" class="num">Memory</th><th scope="col">Held by</th></tr></thead>
                <tbody>{}</tbody></table></div>
                """,
                views.size(),
                workers,
                queued,
                inFlight,
                held,
                metrics.gpus().size(),
                table,
                Html.join(gpus));
    }

    private static Html status(String status) {
        return Html.of("<span class=\"status status-{}\">{}</span>", status, status);
    }

    // ---- create

    static Html create(Frame frame, Map<String, String> form, Map<String, String> errors, List<String> general) {
        Html main = Html.of(
                """
                <h1>New deployment</h1>
                {}
                <form method="post" action="/ui/new" class="fields" novalidate>
                  {}
                  {}{}{}{}{}{}{}{}{}{}
                  <div class="actions"><button type="submit">Create deployment</button> <a href="/ui">Cancel</a></div>
                </form>
                """,
                problems(general),
                csrf(frame),
                field("name", "Name", "text", form, errors, "Defaults to the model"),
                field("model", "Model", "text", form, errors, "e.g. Qwen/Qwen3-0.6B"),
                field("gpus", "GPU types", "text", form, errors, "Comma-separated, e.g. H100,L4; empty: any"),
                field("gpus_per_worker", "GPUs per worker", "number", form, errors, null),
                field("min_workers", "Min workers", "number", form, errors, null),
                field("max_workers", "Max workers", "number", form, errors, null),
                field("concurrent_requests", "Concurrent requests per worker", "number", form, errors, null),
                field("idle_timeout", "Idle timeout (s)", "number", form, errors, null),
                field("wait_time", "Wait time (s)", "number", form, errors, null),
                field(
                        "args",
                        "Engine arguments",
                        "textarea",
                        form,
                        errors,
                        "One key=value a line, e.g. max-model-len=4096"));
        return page("New deployment", frame, main, Scripts.LIVE);
    }

    private static Html problems(List<String> general) {
        if (general.isEmpty()) {
            return Html.EMPTY;
        }
        List<Html> items = new ArrayList<>();
        for (String g : general) {
            items.add(Html.of("<li>{}</li>", g));
        }
        return Html.of("<ul class=\"problem\" role=\"alert\">{}</ul>", Html.join(items));
    }

    /** A labelled input with its hint and, when refused, the refusal right after it. */
    static Html field(
            String name, String label, String type, Map<String, String> form, Map<String, String> errors, String hint) {
        String value = form.getOrDefault(name, "");
        String error = errors.get(name);
        String described = (hint == null ? "" : "h-" + name) + (error == null ? "" : " e-" + name);
        Html input = type.equals("textarea")
                ? Html.of(
                        "<textarea id=\"f-{}\" name=\"{}\" rows=\"3\" aria-describedby=\"{}\"{}>{}</textarea>",
                        name,
                        name,
                        described.trim(),
                        error == null ? Html.EMPTY : Html.of(" aria-invalid=\"true\""),
                        value)
                : Html.of(
                        "<input id=\"f-{}\" name=\"{}\" type=\"{}\" value=\"{}\" aria-describedby=\"{}\"{}>",
                        name,
                        name,
                        type,
                        value,
                        described.trim(),
                        error == null ? Html.EMPTY : Html.of(" aria-invalid=\"true\""));
        return Html.of(
                """
                <div class="field"><label for="f-{}">{}</label>{}{}{}</div>
                """,
                name,
                label,
                input,
                hint == null ? Html.EMPTY : Html.of("<small id=\"h-{}\" class=\"hint\">{}</small>", name, hint),
                error == null
                        ? Html.EMPTY
                        : Html.of("<p id=\"e-{}\" class=\"field-error\" role=\"alert\">{}</p>", name, error));
    }

    // ---- a deployment

    static Html deployment(
            Frame frame,
            DeploymentView v,
            Map<String, String> form,
            Map<String, String> errors,
            List<String> general,
            Long worker) {
        DeploymentSpec s = v.spec();
        String base = "/ui/d/" + v.id();
        String gpus = s.gpuTypes().isEmpty() ? "any" : String.join(", ", s.gpuTypes());
        List<Html> filters = new ArrayList<>();
        filters.add(Html.of(
                "<a href=\"{}#logs\"{}>All workers</a>",
                base,
                worker == null ? Html.of(" aria-current=\"true\"") : Html.EMPTY));
        for (WorkerView w : v.workers()) {
            filters.add(Html.of(
                    "<a href=\"{}?worker={}#logs\"{}>worker-{}</a>",
                    base,
                    w.workerId(),
                    Long.valueOf(w.workerId()).equals(worker) ? Html.of(" aria-current=\"true\"") : Html.EMPTY,
                    w.workerId()));
        }
        Html main = Html.of(
                """
                <div class="title"><h1>{}</h1>{}</div>
                <p class="muted">{}{}</p>
                {}
                <div sse-connect="{}/live{}" sse-close="gone" class="live">
                <section aria-labelledby="spec-h">
                  <h2 id="spec-h">Spec</h2>
                  <dl class="spec">
                    <dt>Model</dt><dd>{}</dd><dt>Framework</dt><dd>{}</dd><dt>GPUs</dt><dd>{} × {}</dd>
                    <dt>Workers</dt><dd>{}–{}</dd><dt>Concurrent requests</dt><dd>{}</dd>
                    <dt>Idle timeout</dt><dd>{} s</dd><dt>Wait time</dt><dd>{} s</dd><dt>Created</dt><dd>{}</dd>
                  </dl>
                  <details{}><summary>Change workers and timeouts</summary>
                  <form method="post" action="{}/update" class="fields compact" novalidate>
                    {}{}{}{}{}
                    <div class="actions"><button type="submit">Save</button></div>
                  </form>
                  </details>
                  <form method="post" action="{}/delete" class="inline danger">{}<button type="submit" class="danger">Delete deployment</button></form>
                </section>
                <section aria-labelledby="workers-h">
                  <h2 id="workers-h">Workers</h2>
                  <div id="workers" sse-swap="workers"><p class="muted">Loading…</p></div>
                </section>
                <section aria-labelledby="chart-h">
                  <h2 id="chart-h">Scaling, last {} minutes</h2>
                  <div id="chart" class="chart" role="img" aria-label="Workers, queued requests and requests in flight over time"></div>
                  <div id="chart-feed" sse-swap="chart" hx-swap="none" hidden></div>
                </section>
                <section aria-labelledby="requests-h">
                  <h2 id="requests-h">Latest requests</h2>
                  <div id="requests" sse-swap="requests"><p class="muted">Loading…</p></div>
                </section>
                <section aria-labelledby="logs-h" id="logs">
                  <h2 id="logs-h">Logs</h2>
                  <nav class="filters" aria-label="Log filter">{}</nav>
                  <ol id="log-lines" class="logs" sse-swap="log" hx-swap="beforeend" aria-live="off"></ol>
                </section>
                </div>
                <section aria-labelledby="chat-h">
                  <h2 id="chat-h">Test chat</h2>
                  <form id="chat" class="fields" data-url="{}/chat" data-model="{}" data-csrf="{}">
                    <div class="field"><label for="chat-message">Message</label>
                    <textarea id="chat-message" name="message" rows="2" required>Say hello in five words.</textarea></div>
                    <div class="field"><label for="chat-max">Max tokens</label><input id="chat-max" name="max_tokens" type="number" value="32" min="1"></div>
                    <div class="actions"><button type="submit">Send</button></div>
                  </form>
                  <p><strong>Answer</strong> <span id="chat-state" class="muted" aria-live="polite"></span></p>
                  <pre id="chat-answer" class="answer" aria-live="polite"></pre>
                </section>
                """,
                s.name(),
                status(v.status().wire()),
                v.id(),
                v.errorMessage()
                        .map(m -> Html.of(" · <span class=\"problem\">{}</span>", m))
                        .orElse(Html.EMPTY),
                problems(general),
                base,
                worker == null ? "" : "?worker=" + worker,
                s.model().orElse(""),
                s.framework(),
                s.gpusPerWorker(),
                gpus,
                s.minWorkers(),
                s.maxWorkers(),
                s.concurrentRequests(),
                s.idleTimeoutSeconds(),
                s.waitTimeSeconds(),
                TIME.format(v.createdAt()),
                errors.isEmpty() ? Html.EMPTY : Html.of(" open"),
                base,
                csrf(frame),
                field("min_workers", "Min workers", "number", form, errors, null),
                field("max_workers", "Max workers", "number", form, errors, null),
                field("idle_timeout", "Idle timeout (s)", "number", form, errors, null),
                field("wait_time", "Wait time (s)", "number", form, errors, null),
                base,
                csrf(frame),
                History.CHART_WINDOW.toMinutes(),
                Html.join(filters),
                base,
                s.servedModelName(),
                frame.csrf());
        return page(s.name(), frame, main, Scripts.CHART);
    }

    /** The workers table of a deployment. */
    static Html workers(DeploymentView v, Map<Long, Instant> starts, Map<Long, String> lastLines) {
        if (v.workers().isEmpty()) {
            return Html.of("<p class=\"empty\" data-workers=\"0\">No workers.</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (WorkerView w : v.workers()) {
            Instant started = starts.get(w.workerId());
            rows.add(Html.of(
                    "<tr><td>worker-{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
                            + "<td class=\"num\">{}</td><td>{}</td><td class=\"logline\">{}</td></tr>\n",
                    w.workerId(),
                    status(w.status()),
                    w.pid().isPresent() ? w.pid().getAsLong() : "",
                    w.port().isPresent() ? w.port().getAsInt() : "",
                    w.gpus().isEmpty()
                            ? "none"
                            : w.gpus().stream().map(i -> "#" + i).collect(Collectors.joining(", ")),
                    w.inFlight(),
                    started == null ? "" : TIME.format(started),
                    lastLines.getOrDefault(w.workerId(), "")));
        }
        return Html.of("""
                <div class="scroll"><table data-workers="{}">
                <thead><tr><th scope="col">Worker</th><th scope="col">State</th><th scope="col" class="num">PID</th>\
                <th scope="col" class="num">Port</th><th scope="col">GPUs</th><th scope="col" class="num">In flight</th>\
                <th scope="col">Started</th><th scope="col">Last log line</th></tr></thead>
                <tbody>{}</tbody></table></div>
                """, v.workers().size(), Html.join(rows));
    }

    /** The latest requests of a deployment, with the time spent in each state. */
    static Html requests(String deploymentId, List<History.RequestSteps> latest, Instant now) {
        if (latest.isEmpty()) {
            return Html.of("<p class=\"empty\">No requests yet: send one with the test chat below.</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (History.RequestSteps r : latest) {
            rows.add(Html.of(
                    "<tr><td><a href=\"/ui/d/{}/r/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    deploymentId,
                    r.requestId(),
                    r.requestId(),
                    status(r.state()),
                    TIME.format(r.acceptedAt()),
                    durations(r.steps(), now)));
        }
        return Html.of("""
                <div class="scroll"><table>
                <thead><tr><th scope="col">Request</th><th scope="col">State</th><th scope="col">Accepted</th>\
                <th scope="col">Time in each state</th></tr></thead>
                <tbody>{}</tbody></table></div>
                """, Html.join(rows));
    }

    private static String durations(List<History.Step> steps, Instant now) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            History.Step s = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (last && isFinal(s.state())) {
                break;
            }
            Instant end = last ? now : steps.get(i + 1).at();
            parts.add(s.state() + " " + millis(Duration.between(s.at(), end)) + (last ? "…" : ""));
        }
        return String.join(" · ", parts);
    }

    private static boolean isFinal(String state) {
        return state.equals("Completed") || state.equals("Failed") || state.equals("Cancelled");
    }

    private static String millis(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** One log line of a worker, for the live log list. */
    static Html logLine(long workerId, String line) {
        return Html.of("<li><span class=\"worker\">worker-{}</span> {}</li>\n", workerId, line);
    }

    // ---- a request

    static Html request(Frame frame, String deploymentId, String name, String requestId, Html live) {
        Html main = Html.of("""
                <p class="crumbs"><a href="/ui">Deployments</a> › <a href="/ui/d/{}">{}</a></p>
                <div sse-connect="/ui/d/{}/r/{}/live" sse-close="gone">
                  <div id="request" sse-swap="request">{}</div>
                </div>
                """, deploymentId, name, deploymentId, requestId, live);
        return page("Request", frame, main, Scripts.LIVE);
    }

    /** A request's live part: its timeline, its input, and its answer or failure. */
    static Html requestLive(Frame frame, RequestView r, List<History.Step> steps, Instant now) {
        return requestLive(frame, r.deploymentId(), r.id(), Optional.of(r), steps, now);
    }

    /**
     * A request's live part; without its view (a request answered live, on the OpenAI routes, whose
     * input and answer the emulator does not keep) from its recorded steps only.
     */
    static Html requestLive(
            Frame frame,
            String deploymentId,
            String requestId,
            Optional<RequestView> view,
            List<History.Step> steps,
            Instant now) {
        List<Html> items = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            History.Step s = steps.get(i);
            boolean last = i == steps.size() - 1;
            Html took = last && isFinal(s.state())
                    ? Html.EMPTY
                    : Html.of(
                            " <span class=\"muted\">for {}{}</span>",
                            millis(Duration.between(
                                    s.at(), last ? now : steps.get(i + 1).at())),
                            last ? " so far" : "");
            items.add(Html.of(
                    "<li class=\"step\" data-state=\"{}\">{} <time datetime=\"{}\">{}</time>{}{}</li>\n",
                    s.state(),
                    status(s.state()),
                    s.at().toString(),
                    TIME.format(s.at()) + "." + String.format(Locale.ROOT, "%03d", s.at().getNano() / 1_000_000),
                    took,
                    s.message().isEmpty() ? Html.EMPTY : Html.of(" <span class=\"muted\">{}</span>", s.message())));
        }
        String state = view.map(v -> v.state().wire())
                .orElse(
                        steps.isEmpty()
                                ? "unknown"
                                : steps.get(steps.size() - 1).state());
        if (view.isEmpty()) {
            return Html.of("""
                    <div class="title" data-request="{}"><h1>Request {}</h1>{}</div>
                    <h2>Timeline</h2>
                    <ol class="timeline">{}</ol>
                    <p class="muted">This request was answered live, on the OpenAI-compatible route: the emulator
                    keeps the steps it went through, not its input or answer.</p>
                    """, requestId, requestId, status(state), Html.join(items));
        }
        RequestView r = view.get();
        Html outcome;
        if (r.failure().isPresent()) {
            outcome = Html.of(
                    "<h2>Failure</h2><p class=\"problem\">{}: {}</p>",
                    r.failure().get().type().wire(),
                    r.failure().get().message());
        } else if (r.result().isPresent()) {
            String body = new String(r.result().get().body(), StandardCharsets.UTF_8);
            outcome = Html.of(
                    "<h2>Answer</h2><p class=\"muted\">HTTP {}</p>{}<details><summary>Whole answer</summary><pre>{}</pre></details>",
                    r.result().get().status(),
                    answerText(body),
                    pretty(body));
        } else {
            outcome = Html.of(
                    "<h2>Answer</h2><p class=\"muted\">Not yet: the request is {}.</p>",
                    r.state().wire());
        }
        Html cancel = r.state().isFinal()
                ? Html.EMPTY
                : Html.of(
                        "<form method=\"post\" action=\"/ui/d/{}/r/{}/cancel\" class=\"inline\">{}<button type=\"submit\" class=\"danger\">Cancel request</button></form>",
                        r.deploymentId(),
                        r.id(),
                        csrf(frame));
        String input = r.input() == null ? "" : new String(r.input(), StandardCharsets.UTF_8);
        return Html.of("""
                <div class="title" data-request="{}"><h1>Request {}</h1>{}{}</div>
                <h2>Timeline</h2>
                <ol class="timeline">{}</ol>
                <h2>Input</h2>
                <pre>{}</pre>
                {}
                """, r.id(), r.id(), status(r.state().wire()), cancel, Html.join(items), pretty(input), outcome);
    }

    /** The text of a chat or text completion, when the answer is one. */
    private static Html answerText(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode choice = n.path("choices").path(0);
            String text = choice.path("message")
                    .path("content")
                    .asText(choice.path("text").asText(""));
            return text.isEmpty() ? Html.EMPTY : Html.of("<blockquote class=\"answer\">{}</blockquote>", text);
        } catch (IOException | RuntimeException e) {
            return Html.EMPTY;
        }
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (IOException | RuntimeException e) {
            return json;
        }
    }
}
