package dev.jls.cli;

import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.PermissionDeniedException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.ResultExpiredException;
import dev.jls.sdk.errors.StreamErrorException;
import dev.jls.sdk.errors.UnauthorizedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Turns a failure into its exit code and one line for standard error (a command's own
 * {@link CommandFailure} may add lines below it, such as the end of a log). The table here is the one
 * documented in {@code --help} and docs/cli.md.
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
        Throwable e = unwrap(failure);
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
        if (e instanceof CommandFailure) {
            // A command's own message keeps its lines (the end of a log, say); it wrote them for a reader.
            return message.strip();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Prints the failure as one line (and, when verbose, its stack trace) and returns its exit code. */
    public static int print(Throwable failure, PrintWriter err, boolean verbose, Output style) {
        err.println(style.red("error:") + " " + message(failure));
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
