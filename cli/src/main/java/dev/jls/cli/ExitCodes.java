package dev.jls.cli;

/**
 * The exit codes of every {@code jls} command. Scripts rely on them, so they are listed in
 * {@code --help} and in docs/cli.md and never change meaning.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** Any error not covered by a more specific code (a conflict, a server error, bad input the server refused). */
    public static final int ERROR = 1;
    /** The command line itself was wrong: an unknown flag, a missing or malformed value. */
    public static final int USAGE = 2;
    /** No API key, or the server refused it (401/403). */
    public static final int AUTH = 3;
    /** The deployment, request or result does not exist, or no longer does (404/410). */
    public static final int NOT_FOUND = 4;
    /** The request or the deployment failed, or the request was cancelled. */
    public static final int FAILED = 5;
    /** Waiting ran out of time before the expected state was reached. */
    public static final int TIMEOUT = 6;
    /** The server could not be reached or the connection broke. */
    public static final int NETWORK = 7;
    /** Stopped with Ctrl-C (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
