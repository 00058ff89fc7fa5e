package dev.jls.emulator.internal.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.ClusterEvent;
import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentUpdate;
import dev.jls.emulator.internal.core.DeploymentView;
import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.core.WorkerHandle;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dashboard under {@code /ui}. A browser logs in with a one-time token or an API key and gets an
 * HttpOnly, SameSite=Strict session cookie bound to that key's tenant; it sees that tenant's
 * deployments only. Every state-changing form is a POST that must carry the session's CSRF token and,
 * where the browser names one, an {@code Origin} of this server. Pages are rendered once the core
 * answers, on the exchange's IO thread, which never waits.
 */
public final class Dashboard implements HttpHandler {

    /** What the dashboard needs of the HTTP layer. */
    public interface Host {
        /** The tenant of an API key, if the key is known. */
        Optional<String> tenantOfKey(String key);

        /** The request body, as the server's front read it. */
        byte[] body(HttpServerExchange ex);

        /** A deployment spec read from the body of {@code POST /management/create}, as the API reads it. */
        DeploymentSpec spec(ObjectNode body, List<FieldError> errors);

        /** An update read from the body of {@code PATCH /management/{id}}, as the API reads it. */
        DeploymentUpdate update(ObjectNode body, List<FieldError> errors);

        /** Answers the exchange as {@code POST /openai/{id}/v1/chat/completions} answers {@code tenant}. */
        void chat(HttpServerExchange ex, String tenant, String deploymentId);

        /** The HTTP status with which the management API answers {@code failure}. */
        int status(CoreException failure);
    }

    private static final Logger LOG = Logger.getLogger(Dashboard.class.getName());
    static final String COOKIE = "jls_session";
    /** How long a session lasts. */
    static final Duration SESSION = Duration.ofHours(12);
    /** How long the login token of the start-up banner lasts. */
    public static final Duration BANNER_TOKEN = Duration.ofHours(1);

    private static final HttpString CSRF_HEADER = new HttpString("X-CSRF-Token");
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlPlane plane;
    private final Host host;
    private final String version;
    private final Secrets tokens;
    private final Secrets sessions;

    public Dashboard(ControlPlane plane, Host host, String version) {
        this(plane, host, version, Clock.systemUTC());
    }

    Dashboard(ControlPlane plane, Host host, String version, Clock clock) {
        this.plane = plane;
        this.host = host;
        this.version = version;
        this.tokens = new Secrets(clock::instant, BANNER_TOKEN);
        this.sessions = new Secrets(clock::instant, SESSION);
        Assets.load();
    }

    /** Whether {@code path} is the dashboard's. */
    public static boolean handles(String path) {
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    /** A new one-time login token for {@code tenant}, valid for {@code ttl}. */
    public String loginToken(String tenant, Duration ttl) {
        return tokens.issue(tenant, ttl);
    }

    /** The path that logs a browser in with a new one-time token for {@code tenant}. */
    public String loginPath(String tenant, Duration ttl) {
        return "/ui/login?token=" + loginToken(tenant, ttl);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        boolean get = ex.getRequestMethod().equals(Methods.GET)
                || ex.getRequestMethod().equals(Methods.HEAD);
        boolean post = ex.getRequestMethod().equals(Methods.POST);
        if (path.startsWith("/ui/assets/") && get) {
            Assets.serve(ex, path.substring("/ui/assets/".length()));
            return;
        }
        ex.getResponseHeaders().put(CSP, POLICY);
        ex.getResponseHeaders().put(Headers.X_FRAME_OPTIONS, "DENY");
        ex.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        // the login address carries a token: no page of the dashboard names its address to another site
        // (same-origin, not no-referrer, under which browsers send "Origin: null" with the forms' POSTs)
        ex.getResponseHeaders().put(REFERRER_POLICY, "same-origin");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (!get && !post) {
            page(ex, 405, Pages.error(null, 405, "The dashboard answers GET and POST only."));
            return;
        }
        if (path.equals("/ui/login")) {
            login(ex, post);
            return;
        }
        Cookie cookie = ex.getRequestCookie(COOKIE);
        Optional<Secrets.Grant> session = cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
        if (session.isEmpty()) {
            if (get && !path.endsWith("/live")) {
                redirect(ex, "/ui/login");
            } else {
                plain(ex, 401, "log in first: /ui/login");
            }
            return;
        }
        Secrets.Grant grant = session.get();
        Pages.Frame frame = new Pages.Frame(grant.tenant(), grant.csrf(), version);
        Map<String, String> form = Map.of();
        if (post) {
            String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
                form = Forms.parse(host.body(ex));
            }
            String given = ex.getRequestHeaders().getFirst(CSRF_HEADER);
            if (!sameOrigin(ex) || !Secrets.same(given != null ? given : form.get("csrf"), grant.csrf())) {
                page(
                        ex,
                        403,
                        Pages.error(
                                frame,
                                403,
                                "This form came from another site, or from a page older than"
                                        + " your session: reload the page and try again."));
                return;
            }
        }
        List<String> parts = new ArrayList<>(Arrays.asList(path.substring(3).split("/")));
        parts.removeIf(String::isEmpty);
        Map<String, String> fields = form;
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
            try {
                route(ex, frame, parts, get, fields, cookie);
            } catch (RuntimeException e) {
                fail(ex, frame, e);
            }
        });
    }

    private void route(
            HttpServerExchange ex,
            Pages.Frame frame,
            List<String> p,
            boolean get,
            Map<String, String> form,
            Cookie cookie) {
        int n = p.size();
        String first = n > 0 ? p.get(0) : "";
        if (n == 0 && get) {
            overview(ex, frame);
        } else if (n == 2 && get && first.equals("overview") && p.get(1).equals("live")) {
            overviewLive(ex, frame);
        } else if (n == 1 && first.equals("new")) {
            if (get) {
                page(ex, 200, Pages.create(frame, Forms.createDefaults(), Map.of(), List.of()));
            } else {
                create(ex, frame, form);
            }
        } else if (n == 1 && !get && first.equals("logout")) {
            sessions.revoke(cookie.getValue());
            ex.getResponseHeaders()
                    .add(Headers.SET_COOKIE, COOKIE + "=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0");
            redirect(ex, "/ui/login");
        } else if (n >= 2 && first.equals("d")) {
            deploymentRoute(ex, frame, p, get, form);
        } else {
            page(ex, 404, Pages.error(frame, 404, "There is no such page."));
        }
    }

    private void deploymentRoute(
            HttpServerExchange ex, Pages.Frame frame, List<String> p, boolean get, Map<String, String> form) {
        String id = p.get(1);
        String tenant = frame.tenant();
        int n = p.size();
        String what = n > 2 ? p.get(2) : "";
        if (n == 2 && get) {
            Long worker = query(ex, "worker").flatMap(Dashboard::number).orElse(null);
            after(
                    ex,
                    frame,
                    plane.get(tenant, id),
                    v -> page(ex, 200, Pages.deployment(frame, v, specForm(v), Map.of(), List.of(), worker)));
        } else if (n == 3 && get && what.equals("live")) {
            deploymentLive(ex, tenant, id, query(ex, "worker").flatMap(Dashboard::number));
        } else if (n == 3 && !get && what.equals("update")) {
            update(ex, frame, id, form);
        } else if (n == 3 && !get && what.equals("delete")) {
            after(ex, frame, plane.delete(tenant, id), v -> redirect(ex, "/ui"));
        } else if (n == 3 && !get && what.equals("chat")) {
            host.chat(ex, tenant, id);
        } else if (n >= 4 && what.equals("r")) {
            String rid = p.get(3);
            if (n == 4 && get) {
                after(
                        ex,
                        frame,
                        plane.get(tenant, id),
                        v -> after(
                                ex,
                                frame,
                                requestPart(frame, id, rid, ex.getIoThread()),
                                live -> page(
                                        ex,
                                        200,
                                        Pages.request(frame, id, v.spec().name(), rid, live))));
            } else if (n == 5 && get && p.get(4).equals("live")) {
                requestLive(ex, frame, id, rid);
            } else if (n == 5 && !get && p.get(4).equals("cancel")) {
                after(ex, frame, plane.cancel(tenant, id, rid), r -> redirect(ex, "/ui/d/" + id + "/r/" + rid));
            } else {
                page(ex, 404, Pages.error(frame, 404, "There is no such page."));
            }
        } else {
            page(ex, 404, Pages.error(frame, 404, "There is no such page."));
        }
    }

    // ---- login

    private void login(HttpServerExchange ex, boolean post) {
        String token;
        if (post) {
            if (!sameOrigin(ex)) {
                page(ex, 403, Pages.login("This login form came from another site."));
                return;
            }
            token = Forms.parse(host.body(ex)).get("token");
        } else {
            token = query(ex, "token").orElse(null);
            if (token == null) {
                Cookie cookie = ex.getRequestCookie(COOKIE);
                if (cookie != null && sessions.find(cookie.getValue()).isPresent()) {
                    redirect(ex, "/ui");
                } else {
                    page(ex, 200, Pages.login(null));
                }
                return;
            }
        }
        String given = token == null ? "" : token.trim();
        Optional<String> tenant =
                tokens.redeem(given).map(Secrets.Grant::tenant).or(() -> host.tenantOfKey(given));
        if (tenant.isEmpty()) {
            page(
                    ex,
                    401,
                    Pages.login("That is not an API key, or a login token that is still unused and"
                            + " unexpired: each token logs in once. `jls ui` makes a new one."));
            return;
        }
        String session = sessions.issue(tenant.get());
        ex.getResponseHeaders()
                .add(
                        Headers.SET_COOKIE,
                        COOKIE + "=" + session + "; Path=/ui; HttpOnly; SameSite=Strict; Max-Age="
                                + SESSION.toSeconds());
        redirect(ex, "/ui");
    }

    /**
     * Whether the request comes from a page of this server: its {@code Origin} (or, without one, its
     * {@code Sec-Fetch-Site}) says so, or it names neither, as clients other than browsers do (they
     * still need the CSRF token).
     */
    private static boolean sameOrigin(HttpServerExchange ex) {
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        String hostHeader = ex.getRequestHeaders().getFirst(Headers.HOST);
        if (origin != null) {
            return hostHeader != null
                    && (origin.equalsIgnoreCase("http://" + hostHeader)
                            || origin.equalsIgnoreCase("https://" + hostHeader));
        }
        String site = ex.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        return site == null || site.equals("same-origin") || site.equals("none");
    }

    // ---- pages

    private void overview(HttpServerExchange ex, Pages.Frame frame) {
        after(
                ex,
                frame,
                overviewPart(frame.tenant(), ex.getIoThread()),
                live -> page(ex, 200, Pages.overview(frame, live)));
    }

    /** The overview's live part, rendered on {@code io}. */
    private CompletableFuture<Html> overviewPart(String tenant, Executor io) {
        return plane.list(tenant)
                .thenCombine(plane.metrics(tenant), Map::entry)
                .thenApplyAsync(
                        both -> Pages.overviewLive(
                                both.getKey(),
                                both.getValue(),
                                History.rates(History.recent(plane.events()), plane.now(), Duration.ofSeconds(10))),
                        io);
    }

    private void overviewLive(HttpServerExchange ex, Pages.Frame frame) {
        String tenant = frame.tenant();
        new LiveStream(
                        ex,
                        plane,
                        e -> tenant.equals(e.tenant()),
                        io -> overviewPart(tenant, io)
                                .thenApply(h -> List.of(new LiveStream.Part("overview", h.toString()))))
                .start();
    }

    private void create(HttpServerExchange ex, Pages.Frame frame, Map<String, String> form) {
        List<FieldError> errors = new ArrayList<>();
        DeploymentSpec spec = host.spec(Forms.createBody(form), errors);
        if (!errors.isEmpty()) {
            refusedCreate(ex, frame, form, errors);
            return;
        }
        after(ex, frame, plane.create(frame.tenant(), spec), v -> redirect(ex, "/ui/d/" + v.id()), failure -> {
            if (failure instanceof CoreException ce && ce.kind() == CoreException.Kind.INVALID) {
                refusedCreate(ex, frame, form, ce.fieldErrors());
            } else {
                fail(ex, frame, failure);
            }
        });
    }

    private void refusedCreate(
            HttpServerExchange ex, Pages.Frame frame, Map<String, String> form, List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        sort(errors, Set.of(Forms.CREATE_FIELDS), byField, general);
        page(ex, 422, Pages.create(frame, form, byField, general));
    }

    private void update(HttpServerExchange ex, Pages.Frame frame, String id, Map<String, String> form) {
        List<FieldError> errors = new ArrayList<>();
        DeploymentUpdate update = host.update(Forms.updateBody(form), errors);
        Consumer<List<FieldError>> refused = refusals -> after(ex, frame, plane.get(frame.tenant(), id), v -> {
            Map<String, String> byField = new LinkedHashMap<>();
            List<String> general = new ArrayList<>();
            sort(refusals, Set.of(Forms.UPDATE_FIELDS), byField, general);
            page(ex, 422, Pages.deployment(frame, v, form, byField, general, null));
        });
        if (!errors.isEmpty()) {
            refused.accept(errors);
            return;
        }
        after(ex, frame, plane.update(frame.tenant(), id, update), v -> redirect(ex, "/ui/d/" + id), failure -> {
            if (failure instanceof CoreException ce && ce.kind() == CoreException.Kind.INVALID) {
                refused.accept(ce.fieldErrors());
            } else {
                fail(ex, frame, failure);
            }
        });
    }

    /** Each refusal next to its form field, or among the form's general problems. */
    private static void sort(
            List<FieldError> errors, Set<String> fields, Map<String, String> byField, List<String> general) {
        for (FieldError e : errors) {
            String field = Forms.fieldOf(e);
            if (fields.contains(field)) {
                byField.merge(field, e.message(), (a, b) -> a + "; " + b);
            } else {
                general.add(e.field() + ": " + e.message());
            }
        }
    }

    private static Map<String, String> specForm(DeploymentView v) {
        Map<String, String> form = new HashMap<>();
        form.put("min_workers", Integer.toString(v.spec().minWorkers()));
        form.put("max_workers", Integer.toString(v.spec().maxWorkers()));
        form.put("idle_timeout", Integer.toString(v.spec().idleTimeoutSeconds()));
        form.put("wait_time", Integer.toString(v.spec().waitTimeSeconds()));
        return form;
    }

    private void deploymentLive(HttpServerExchange ex, String tenant, String id, Optional<Long> worker) {
        Set<Long> followed = new HashSet<>();
        LiveStream[] stream = new LiveStream[1];
        stream[0] = new LiveStream(
                ex,
                plane,
                e -> id.equals(e.deploymentId()) && tenant.equals(e.tenant()),
                io -> plane.get(tenant, id)
                        .thenCombine(plane.logSources(tenant, id, OptionalLong.empty()), Map::entry)
                        .thenApplyAsync(
                                both -> {
                                    DeploymentView v = both.getKey();
                                    Map<Long, String> lastLines = new HashMap<>();
                                    for (WorkerHandle h : both.getValue().workers()) {
                                        List<String> tail = h.logTail();
                                        if (!tail.isEmpty()) {
                                            lastLines.put(h.workerId(), tail.get(tail.size() - 1));
                                        }
                                        if ((worker.isEmpty() || worker.get() == h.workerId())
                                                && followed.add(h.workerId())) {
                                            follow(stream[0], h, tail);
                                        }
                                    }
                                    List<ClusterEvent> recent = History.recent(plane.events());
                                    return List.of(
                                            new LiveStream.Part(
                                                    "workers",
                                                    Pages.workers(v, History.workerStarts(recent, id), lastLines)
                                                            .toString()),
                                            new LiveStream.Part(
                                                    "requests",
                                                    Pages.requests(
                                                                    id,
                                                                    History.latestRequests(recent, id, 20),
                                                                    plane.now())
                                                            .toString()),
                                            new LiveStream.Part("chart", chart(recent, v)));
                                },
                                io));
        stream[0].start();
    }

    /** Sends the last lines of worker {@code h}, then each new one as it comes. */
    private static void follow(LiveStream stream, WorkerHandle h, List<String> tail) {
        List<Html> lines = new ArrayList<>();
        for (String line : tail.subList(Math.max(0, tail.size() - 50), tail.size())) {
            lines.add(Pages.logLine(h.workerId(), line));
        }
        if (!lines.isEmpty()) {
            stream.event("log", Html.join(lines).toString());
        }
        stream.keep(h.followLogs(
                line -> stream.event("log", Pages.logLine(h.workerId(), line).toString())));
    }

    /** The chart's data: the series from the events, and where they stand now. */
    private String chart(List<ClusterEvent> recent, DeploymentView v) {
        double[][] series = History.chart(recent, v.id(), plane.now());
        int size = series[0].length;
        int step = Math.max(1, size / 1000);
        ObjectNode o = JSON.createObjectNode();
        var t = o.putArray("t");
        var w = o.putArray("workers");
        var q = o.putArray("queued");
        var f = o.putArray("in_flight");
        for (int i = size % step; i < size; i += step) {
            t.add(series[0][i]);
            w.add((int) series[1][i]);
            q.add((int) series[2][i]);
            f.add((int) series[3][i]);
        }
        t.add(plane.now().toEpochMilli() / 1000.0);
        w.add(v.workers().size());
        q.add(v.queueDepth());
        f.add(v.inFlight());
        return o.toString();
    }

    private void requestLive(HttpServerExchange ex, Pages.Frame frame, String id, String rid) {
        new LiveStream(
                        ex,
                        plane,
                        e -> rid.equals(e.requestId()),
                        io -> requestPart(frame, id, rid, io)
                                .thenApply(h -> List.of(new LiveStream.Part("request", h.toString()))))
                .start();
    }

    /**
     * A request's live part: from its view, or, for one answered live (the core keeps no view of those
     * once they end), from its recorded steps; not found when neither is there.
     */
    private CompletableFuture<Html> requestPart(Pages.Frame frame, String id, String rid, Executor io) {
        String tenant = frame.tenant();
        return plane.fetch(tenant, id, rid)
                .handleAsync(
                        (r, failure) -> {
                            List<History.Step> steps = History.steps(plane.events(), tenant, rid);
                            if (failure == null) {
                                return Pages.requestLive(frame, r, steps, plane.now());
                            }
                            if (steps.isEmpty()
                                    || !(unwrap(failure) instanceof CoreException ce)
                                    || ce.kind() != CoreException.Kind.NOT_FOUND
                                    || !History.belongsTo(plane.events(), rid, id)) {
                                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                            }
                            return Pages.requestLive(frame, id, rid, Optional.empty(), steps, plane.now());
                        },
                        io);
    }

    // ---- answers

    /** Runs {@code then} on the IO thread once {@code result} is there; a failure gets its error page. */
    private <T> void after(HttpServerExchange ex, Pages.Frame frame, CompletableFuture<T> result, Consumer<T> then) {
        after(ex, frame, result, then, failure -> fail(ex, frame, failure));
    }

    private <T> void after(
            HttpServerExchange ex,
            Pages.Frame frame,
            CompletableFuture<T> result,
            Consumer<T> then,
            Consumer<Throwable> failed) {
        result.whenCompleteAsync(
                (value, failure) -> {
                    try {
                        if (failure != null) {
                            failed.accept(unwrap(failure));
                        } else {
                            then.accept(value);
                        }
                    } catch (RuntimeException e) {
                        fail(ex, frame, e);
                    }
                },
                ex.getIoThread());
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void fail(HttpServerExchange ex, Pages.Frame frame, Throwable failure) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        Throwable t = unwrap(failure);
        if (t instanceof CoreException ce) {
            int status = host.status(ce);
            page(ex, status, Pages.error(frame, status, ce.getMessage()));
            return;
        }
        LOG.log(Level.WARNING, "a dashboard page failed", t);
        page(ex, 500, Pages.error(frame, 500, "internal error: " + t.getClass().getSimpleName()));
    }

    private static void page(HttpServerExchange ex, int status, Html html) {
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        ex.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    private static void plain(HttpServerExchange ex, int status, String text) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.getResponseSender().send(text);
    }

    /** 303 See Other: after a form, the browser GETs the next page. */
    private static void redirect(HttpServerExchange ex, String to) {
        ex.setStatusCode(303);
        ex.getResponseHeaders().put(Headers.LOCATION, to);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
        ex.endExchange();
    }

    private static Optional<String> query(HttpServerExchange ex, String name) {
        Deque<String> values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static Optional<Long> number(String s) {
        try {
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
