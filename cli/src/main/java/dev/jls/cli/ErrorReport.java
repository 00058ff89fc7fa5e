package dev.jls.cli;

import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.DeploymentGoneException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.PermissionDeniedException;
import dev.jls.sdk.errors.RegionsUnreachableException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.ResultExpiredException;
import dev.jls.sdk.errors.StreamErrorException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.models.DeploymentStatus;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a failure into its exit code and one line for standard error (a command's own
 * {@link CommandFailure}, and a failed deployment's reason, may add lines below it, such as the end of a
 * log). The table here is the one documented in {@code --help} and docs/cli.md.
 */
public final class ErrorReport {

    private ErrorReport() {}

    public static int exitCode(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof CommandFailure known) {
            return known.exitCode();
        }
        if (e instanceof JlsValidationException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof UnauthorizedException || e instanceof PermissionDeniedException) {
            return ExitCodes.AUTH;
        }
        if (e instanceof NotFoundException || e instanceof ResultExpiredException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof RequestFailedException
                || e instanceof DeploymentFailedException
                || e instanceof RequestCancelledException
                || e instanceof StreamErrorException) {
            return ExitCodes.FAILED;
        }
        if (e instanceof AwaitTimeoutException) {
            return ExitCodes.TIMEOUT;
        }
        if (e instanceof JlsIoException) {
            return ExitCodes.NETWORK;
        }
        if (e instanceof InterruptedException) {
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.ERROR;
    }

    /** The one line shown for a failure, without the "error: " prefix. */
    public static String message(Throwable failure) {
        return message(failure, Optional.empty());
    }

    /**
     * The one line shown for a failure, without the "error: " prefix.
     *
     * @param baseUrl the base URL the command talked to, when it had one: a server that cannot be reached
     *     there is named by it, with the reason and what to do (a local one that refuses is taken for an
     *     emulator that is not running); without it the transport's words are shown
     */
    public static String message(Throwable failure, Optional<String> baseUrl) {
        Throwable e = unwrap(failure);
        if (e instanceof JlsIoException && !(e instanceof RegionsUnreachableException)) {
            Optional<String> unreachable = unreachable(e, baseUrl);
            if (unreachable.isPresent()) {
                return unreachable.get();
            }
        }
        if (e instanceof DeploymentFailedException failed && !(e instanceof DeploymentGoneException)) {
            return deploymentFailure(failed);
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        if (e instanceof JlsIoException
                && e.getCause() != null
                && e.getCause().getMessage() != null
                && !message.contains(e.getCause().getMessage())) {
            message = message + ": " + e.getCause().getMessage();
        }
        if (e instanceof UnauthorizedException) {
            message = message + " (check --api-key, $JL_API_KEY or the profile)";
        }
        if (e instanceof JlsServiceException
                && !(e instanceof NotFoundException)
                && exitCode(e) == ExitCodes.ERROR
                && message.length() > 400) {
            message = message.substring(0, 400) + "...";
        }
        if (e instanceof CommandFailure known) {
            // A command's own message keeps its lines (the end of a log, say); it wrote them for a reader.
            return known.exitCode() == ExitCodes.USAGE ? Usage.plain(message) : message.strip();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * A deployment that failed, readably: one summary line ({@code deployment ID failed: REASON}), then the
     * rest of its {@code error_message} indented below it, one clause a line, the worker's log lines
     * further in. A clause that only repeats a log line below, or a subject said twice ({@code worker 3
     * failed to start: worker 3 (...) exited}), is said once.
     */
    static String deploymentFailure(DeploymentFailedException failed) {
        String id = failed.deploymentId().map(d -> d + " ").orElse("");
        DeploymentStatus status = failed.status();
        String summary = "deployment " + id
                + (status.equals(DeploymentStatus.FAILED)
                        ? "failed"
                        : status.equals(DeploymentStatus.CLEANING)
                                ? "failed and is cleaning up"
                                : status.equals(DeploymentStatus.DELETING)
                                        ? "is being deleted"
                                        : "is " + status.asString());
        String reason = failed.errorMessage().map(String::strip).orElse("");
        if (reason.isEmpty()) {
            return status.equals(DeploymentStatus.DELETING) ? summary : summary + ": reason unavailable";
        }
        List<String> lines =
                reason.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> below = lines.subList(1, lines.size());
        String[] clauses = lines.get(0).split(";\\s+");
        StringBuilder text = new StringBuilder(summary).append(": ").append(clauses[0]);
        for (int i = 1; i < clauses.length; i++) {
            String clause = clauses[i].replaceAll("\\b(\\w+ \\d+)\\b[^:;]*: \\1\\b", "$1");
            int colon = clause.indexOf(": ");
            if (colon > 0 && below.contains(clause.substring(colon + 2).strip())) {
                continue;
            }
            text.append("\n  ").append(clause);
        }
        boolean underHeading = false;
        for (String line : below) {
            text.append(underHeading ? "\n    " : "\n  ").append(line);
            underHeading |= line.endsWith(":");
        }
        return text.toString();
    }

    /**
     * Why a server could not be reached and what to do, when the failure says: an unknown host or a
     * refused connection. The transport's own words ("Failed to connect to /127.0.0.1:41491", a bare
     * host name) say neither.
     */
    private static Optional<String> unreachable(Throwable failure, Optional<String> baseUrl) {
        if (baseUrl.isEmpty()) {
            return Optional.empty();
        }
        String url = baseUrl.get();
        for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return Optional.of(
                        "cannot reach " + url + " (unknown host " + host(url) + "): check the URL or your network");
            }
            if (c instanceof ConnectException) {
                String why = mentionsRefused(c) ? "connection refused" : "cannot connect";
                if (isLoopback(host(url))) {
                    return Optional.of(
                            "no emulator answers at " + url + " (" + why + "); start one with: jls emulator start");
                }
                return Optional.of("cannot reach " + url + " (" + why + "): check the URL or your network");
            }
        }
        return Optional.empty();
    }

    private static boolean mentionsRefused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("refused")) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (mentionsRefused(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** Prints the failure as one line (and, when verbose, its stack trace) and returns its exit code. */
    public static int print(Throwable failure, PrintWriter err, boolean verbose, Output style) {
        return print(failure, err, verbose, style, Optional.empty());
    }

    /**
     * Prints the failure as one line (and, when verbose, its stack trace) and returns its exit code.
     *
     * @param baseUrl the base URL the command talked to, when it had one; see {@link #message(Throwable, Optional)}
     */
    public static int print(
            Throwable failure, PrintWriter err, boolean verbose, Output style, Optional<String> baseUrl) {
        err.println(style.red("error:") + " " + message(failure, baseUrl));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode(failure);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof java.util.concurrent.ExecutionException
                        || e instanceof java.util.concurrent.CompletionException
                        || e instanceof UncheckedIOException && e.getCause() == null)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
