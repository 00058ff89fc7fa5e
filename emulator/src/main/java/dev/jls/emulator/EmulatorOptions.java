package dev.jls.emulator;

import dev.jls.emulator.core.CoreSettings;
import dev.jls.emulator.workers.EngineChoice;
import dev.jls.emulator.workers.VllmEngine;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Every setting of the emulator, in one type: the runnable jar and {@code jls emulator start} read it
 * from the command line (it is a picocli mixin: {@code @Mixin EmulatorOptions options}), and
 * {@link JlsEmulator.Builder} sets it from Java. Each option below states its default.
 *
 * <p>Mutable and not thread-safe; {@link JlsEmulator.Builder#options(EmulatorOptions)} takes a copy.
 */
public final class EmulatorOptions {

  /** The command line's default port; {@link JlsEmulator#builder()} uses 0 (a free port) instead. */
  public static final int DEFAULT_PORT = 8765;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A warning for a process whose own command line holds {@code --api-key}: any process of the
   * machine, a worker of any tenant among them, can read it ({@code /proc/PID/cmdline}, {@code ps}).
   */
  public static final String COMMAND_LINE_KEY_WARNING =
      "warning: --api-key puts the key on this process's command line, which every process on this"
          + " machine (workers included) can read; use --api-key-file FILE instead";

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}); 0.0.0.0 opens it to the network.")
  private String host = DEFAULT_HOST;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "An accepted API key; repeat for several, each its own tenant. "
          + "None given: a random key, printed at start.")
  private List<String> apiKeys = new ArrayList<>();

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "A file of accepted API keys, one per line (blank lines and # comments ignored), "
          + "added to --api-key's; keeps keys off the command line, where ps shows them.")
  private Path apiKeyFile;

  @Option(names = "--gpus", paramLabel = "SPEC",
      description = "A simulated GPU inventory, e.g. H100:4,L4:2 (overrides nvidia-smi). "
          + "Default: the GPUs nvidia-smi finds, else 8 simulated GPUs of any type.")
  private String gpus;

  @Option(names = "--engine", paramLabel = "ENGINE",
      converter = OptionConverters.EngineChoiceConverter.class,
      description = "Engine for framework vllm: auto (vLLM where GPUs and vllm are found, else the "
          + "simulated engine), sim, or vllm (default: auto).")
  private EngineChoice engine = EngineChoice.AUTO;

  @Option(names = "--engine-command", paramLabel = "FRAMEWORK=TEMPLATE",
      description = "The command that starts a worker of FRAMEWORK (e.g. sglang), with "
          + "placeholders such as {port} and {model}; repeatable.")
  private List<String> engineCommands = new ArrayList<>();

  @Option(names = "--vllm-executable", paramLabel = "PATH",
      description = "The vllm executable (default: ${DEFAULT-VALUE} on PATH).")
  private String vllmExecutable = VllmEngine.DEFAULT_EXECUTABLE;

  @Option(names = "--vllm-start-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a vLLM worker may take to become healthy (default: 20m).")
  private Duration vllmStartTimeout = VllmEngine.DEFAULT_START_TIMEOUT;

  @Option(names = "--queue-limit", paramLabel = "N",
      description = "Requests one deployment may hold waiting; past it, 429 (default: ${DEFAULT-VALUE}).")
  private int queueLimit = CoreSettings.DEFAULT_QUEUE_LIMIT;

  @Option(names = "--result-retention", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long finished results can be fetched; then 410 (default: 1h).")
  private Duration resultRetention = CoreSettings.DEFAULT_RESULT_RETENTION;

  @Option(names = "--max-body-size", paramLabel = "SIZE",
      converter = OptionConverters.SizeConverter.class,
      description = "Largest request body accepted; larger ones get 413 (default: 10MiB).")
  private long maxBodySize = DEFAULT_MAX_BODY_SIZE;

  @Option(names = "--header-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a request's line and headers may take to arrive once begun; then the "
          + "connection is closed (default: 30s).")
  private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;

  @Option(names = "--body-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a request body may take to arrive, from the end of the headers; then "
          + "408 and the connection is closed (default: 60s).")
  private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;

  @Option(names = "--keep-alive-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a connection may stay open with no request under way (default: 60s).")
  private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;

  @Option(names = "--worker-start-attempts", paramLabel = "N",
      description = "Worker start failures in a row after which a deployment fails "
          + "(default: ${DEFAULT-VALUE}).")
  private int workerStartAttempts = CoreSettings.DEFAULT_MAX_START_ATTEMPTS;

  @Option(names = "--worker-start-backoff", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "Wait after a worker start failure, doubling with each further one (default: 1s).")
  private Duration workerStartBackoff = CoreSettings.DEFAULT_START_BACKOFF;

  @Option(names = "--worker-stop-grace", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "Time between SIGTERM and SIGKILL when a worker stops (default: 5s).")
  private Duration workerStopGrace = CoreSettings.DEFAULT_WORKER_STOP_GRACE;

  @Option(names = "--delete-grace", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a deleted deployment's requests may take to finish (default: 10s).")
  private Duration deleteGrace = CoreSettings.DEFAULT_DELETE_GRACE;

  @Option(names = "--crash-retries", paramLabel = "N",
      description = "Times a request whose worker died is tried again on another (default: ${DEFAULT-VALUE}).")
  private int crashRetries = 1;

  @Option(names = "--unresponsive-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a worker with requests in flight may leave its health check unanswered,"
          + " or make no progress, before it is killed and replaced (default: 10s).")
  private Duration unresponsiveTimeout = CoreSettings.DEFAULT_UNRESPONSIVE_TIMEOUT;

  @Option(names = "--request-timeout", paramLabel = "DURATION",
      converter = OptionConverters.DurationConverter.class,
      description = "How long a request may take from acceptance to its end before it fails with"
          + " request_timeout (default: 30m).")
  private Duration requestTimeout = CoreSettings.DEFAULT_REQUEST_TIMEOUT;

  public EmulatorOptions() {}

  /** A copy of {@code other}. */
  public EmulatorOptions(EmulatorOptions other) {
    this.port = other.port;
    this.host = other.host;
    this.apiKeys = new ArrayList<>(other.apiKeys);
    this.apiKeyFile = other.apiKeyFile;
    this.gpus = other.gpus;
    this.engine = other.engine;
    this.engineCommands = new ArrayList<>(other.engineCommands);
    this.vllmExecutable = other.vllmExecutable;
    this.vllmStartTimeout = other.vllmStartTimeout;
    this.queueLimit = other.queueLimit;
    this.resultRetention = other.resultRetention;
    this.maxBodySize = other.maxBodySize;
    this.headerTimeout = other.headerTimeout;
    this.bodyTimeout = other.bodyTimeout;
    this.keepAliveTimeout = other.keepAliveTimeout;
    this.workerStartAttempts = other.workerStartAttempts;
    this.workerStartBackoff = other.workerStartBackoff;
    this.workerStopGrace = other.workerStopGrace;
    this.deleteGrace = other.deleteGrace;
    this.crashRetries = other.crashRetries;
    this.unresponsiveTimeout = other.unresponsiveTimeout;
    this.requestTimeout = other.requestTimeout;
  }

  /**
   * Checks every value, naming the first bad option.
   *
   * @throws IllegalArgumentException naming the option
   */
  public void validate() {
    check(port >= 0 && port <= 65_535, "--port must be between 0 and 65535, was " + port);
    check(host != null && !host.isBlank(), "--host must not be blank");
    for (String key : apiKeys) {
      check(key != null && !key.isBlank(), "--api-key must not be blank");
    }
    if (apiKeyFile != null) {
      check(!keysInFile().isEmpty(), "--api-key-file " + apiKeyFile + " holds no key");
    }
    check(queueLimit >= 1, "--queue-limit must be at least 1, was " + queueLimit);
    check(maxBodySize >= 1024, "--max-body-size must be at least 1KiB, was " + maxBodySize);
    check(!headerTimeout.isNegative() && !headerTimeout.isZero(),
        "--header-timeout must be positive");
    check(!bodyTimeout.isNegative() && !bodyTimeout.isZero(), "--body-timeout must be positive");
    check(!keepAliveTimeout.isNegative() && !keepAliveTimeout.isZero(),
        "--keep-alive-timeout must be positive");
    check(!resultRetention.isNegative() && !resultRetention.isZero(),
        "--result-retention must be positive");
    check(workerStartAttempts >= 1,
        "--worker-start-attempts must be at least 1, was " + workerStartAttempts);
    check(!workerStartBackoff.isNegative(), "--worker-start-backoff must not be negative");
    check(!workerStopGrace.isNegative(), "--worker-stop-grace must not be negative");
    check(!deleteGrace.isNegative(), "--delete-grace must not be negative");
    check(crashRetries >= 0, "--crash-retries must not be negative, was " + crashRetries);
    check(!unresponsiveTimeout.isNegative() && !unresponsiveTimeout.isZero(),
        "--unresponsive-timeout must be positive");
    check(!requestTimeout.isNegative() && !requestTimeout.isZero(),
        "--request-timeout must be positive");
    check(!vllmStartTimeout.isNegative() && !vllmStartTimeout.isZero(),
        "--vllm-start-timeout must be positive");
    for (String c : engineCommands) {
      check(c.contains("="), "--engine-command must be FRAMEWORK=TEMPLATE, was '" + c + "'");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public int port() {
    return port;
  }

  /** {@code --port}; 0 for a free port. Default 8765 on the command line, 0 in the builder. */
  public EmulatorOptions port(int port) {
    this.port = port;
    return this;
  }

  public String host() {
    return host;
  }

  /** {@code --host}; default {@code 127.0.0.1}. */
  public EmulatorOptions host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  /**
   * The keys given with {@code --api-key}, then those of {@code --api-key-file}, in order; empty means
   * a random one is made at start.
   *
   * @throws IllegalArgumentException when the key file cannot be read
   */
  public List<String> apiKeys() {
    if (apiKeyFile == null) {
      return List.copyOf(apiKeys);
    }
    List<String> all = new ArrayList<>(apiKeys);
    all.addAll(keysInFile());
    return List.copyOf(all);
  }

  /**
   * The keys given one by one ({@code --api-key}, {@link #addApiKey}), without the key file's: on a
   * command line these are in the process's arguments, which every process of the machine can read.
   */
  public List<String> listedApiKeys() {
    return List.copyOf(apiKeys);
  }

  /** {@code --api-key-file}, when given. */
  public Optional<Path> apiKeyFile() {
    return Optional.ofNullable(apiKeyFile);
  }

  /**
   * The lines that tell a user which keys were given, for a start-up banner: the listed keys
   * themselves (the user typed them), and for the key file only how many it holds and where, since
   * a key kept in a file is kept off screens and logs too. Empty when no key was given.
   */
  public List<String> apiKeyLines() {
    List<String> lines = new ArrayList<>();
    if (!apiKeys.isEmpty()) {
      lines.add((apiKeys.size() == 1 ? "API key: " : "API keys: ") + String.join(", ", apiKeys));
    }
    if (apiKeyFile != null) {
      int n = keysInFile().size();
      lines.add("API keys: " + n + " from " + apiKeyFile);
    }
    return lines;
  }

  /** {@code --api-key-file}: a file of keys, one per line; null for none. */
  public EmulatorOptions apiKeyFile(Path file) {
    this.apiKeyFile = file;
    return this;
  }

  private List<String> keysInFile() {
    try {
      return Files.readAllLines(apiKeyFile).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("--api-key-file " + apiKeyFile + " cannot be read: " + e, e);
    }
  }

  /** {@code --api-key}: adds an accepted key (a tenant). */
  public EmulatorOptions addApiKey(String key) {
    apiKeys.add(Objects.requireNonNull(key, "key"));
    return this;
  }

  /** Replaces the accepted keys. */
  public EmulatorOptions apiKeys(List<String> keys) {
    this.apiKeys = new ArrayList<>(keys);
    return this;
  }

  public Optional<String> gpus() {
    return Optional.ofNullable(gpus).filter(s -> !s.isBlank());
  }

  /** {@code --gpus}: a simulated inventory such as {@code H100:4,L4:2}; default: discover. */
  public EmulatorOptions gpus(String spec) {
    this.gpus = spec;
    return this;
  }

  public EngineChoice engine() {
    return engine;
  }

  /** {@code --engine}; default {@link EngineChoice#AUTO}. */
  public EmulatorOptions engine(EngineChoice engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  public List<String> engineCommands() {
    return List.copyOf(engineCommands);
  }

  /** {@code --engine-command FRAMEWORK=TEMPLATE}: adds one. */
  public EmulatorOptions addEngineCommand(String frameworkEqualsTemplate) {
    engineCommands.add(Objects.requireNonNull(frameworkEqualsTemplate, "engine command"));
    return this;
  }

  public String vllmExecutable() {
    return vllmExecutable;
  }

  /** {@code --vllm-executable}; default {@code vllm} on PATH. */
  public EmulatorOptions vllmExecutable(String executable) {
    this.vllmExecutable = Objects.requireNonNull(executable, "executable");
    return this;
  }

  public Duration vllmStartTimeout() {
    return vllmStartTimeout;
  }

  /** {@code --vllm-start-timeout}; default 20 minutes. */
  public EmulatorOptions vllmStartTimeout(Duration timeout) {
    this.vllmStartTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  public int queueLimit() {
    return queueLimit;
  }

  /** {@code --queue-limit}; default 10,000 per deployment. */
  public EmulatorOptions queueLimit(int limit) {
    this.queueLimit = limit;
    return this;
  }

  public Duration resultRetention() {
    return resultRetention;
  }

  /** {@code --result-retention}; default 1 hour. */
  public EmulatorOptions resultRetention(Duration retention) {
    this.resultRetention = Objects.requireNonNull(retention, "retention");
    return this;
  }

  public long maxBodySize() {
    return maxBodySize;
  }

  /** {@code --max-body-size} in bytes; default 10 MiB. */
  public EmulatorOptions maxBodySize(long bytes) {
    this.maxBodySize = bytes;
    return this;
  }

  public Duration headerTimeout() {
    return headerTimeout;
  }

  /** {@code --header-timeout}; default 30 seconds. */
  public EmulatorOptions headerTimeout(Duration timeout) {
    this.headerTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  /** {@code --body-timeout}; default 60 seconds. */
  public EmulatorOptions bodyTimeout(Duration timeout) {
    this.bodyTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  public Duration keepAliveTimeout() {
    return keepAliveTimeout;
  }

  /** {@code --keep-alive-timeout}; default 60 seconds. */
  public EmulatorOptions keepAliveTimeout(Duration timeout) {
    this.keepAliveTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  public int workerStartAttempts() {
    return workerStartAttempts;
  }

  /** {@code --worker-start-attempts}; default 3. */
  public EmulatorOptions workerStartAttempts(int attempts) {
    this.workerStartAttempts = attempts;
    return this;
  }

  public Duration workerStartBackoff() {
    return workerStartBackoff;
  }

  /** {@code --worker-start-backoff}; default 1 second, doubling. */
  public EmulatorOptions workerStartBackoff(Duration backoff) {
    this.workerStartBackoff = Objects.requireNonNull(backoff, "backoff");
    return this;
  }

  public Duration workerStopGrace() {
    return workerStopGrace;
  }

  /** {@code --worker-stop-grace}; default 5 seconds. */
  public EmulatorOptions workerStopGrace(Duration grace) {
    this.workerStopGrace = Objects.requireNonNull(grace, "grace");
    return this;
  }

  public Duration deleteGrace() {
    return deleteGrace;
  }

  /** {@code --delete-grace}; default 10 seconds. */
  public EmulatorOptions deleteGrace(Duration grace) {
    this.deleteGrace = Objects.requireNonNull(grace, "grace");
    return this;
  }

  public int crashRetries() {
    return crashRetries;
  }

  /** {@code --crash-retries}; default 1. */
  public EmulatorOptions crashRetries(int retries) {
    this.crashRetries = retries;
    return this;
  }

  public Duration unresponsiveTimeout() {
    return unresponsiveTimeout;
  }

  /** {@code --unresponsive-timeout}; default 10 seconds. */
  public EmulatorOptions unresponsiveTimeout(Duration timeout) {
    this.unresponsiveTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@code --request-timeout}; default 30 minutes. */
  public EmulatorOptions requestTimeout(Duration timeout) {
    this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  @Override
  public String toString() {
    // keys stay out of every log line
    return "EmulatorOptions[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size()
        + ", gpus=" + gpus().orElse("(discover)") + ", engine=" + engine.asString() + "]";
  }
}
