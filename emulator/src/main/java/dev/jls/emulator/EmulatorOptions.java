package dev.jls.emulator;

import dev.jls.emulator.internal.core.CoreSettings;
import dev.jls.emulator.internal.kubernetes.K8sAccess;
import dev.jls.emulator.internal.workers.VllmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the emulator, in one type, plain Java: {@link JlsEmulator.Builder} takes it, and
 * the runnable jar and {@code jls emulator start} fill it from their command lines (each setter's
 * Javadoc names its option and states its default).
 *
 * <pre>{@code
 * JlsEmulator.builder().options(new EmulatorOptions().gpus("H100:2").queueLimit(100)).build()
 * }</pre>
 *
 * <p>Mutable and not thread-safe; {@link JlsEmulator.Builder#options(EmulatorOptions)} takes a copy.
 */
public final class EmulatorOptions {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(60);

    private int port;
    private String host = DEFAULT_HOST;
    private List<String> apiKeys = new ArrayList<>();
    private Path apiKeyFile;
    private String gpus;
    private EngineChoice engine = EngineChoice.AUTO;
    private List<String> engineCommands = new ArrayList<>();
    private String vllmExecutable = VllmEngine.DEFAULT_EXECUTABLE;
    private Duration vllmStartTimeout = VllmEngine.DEFAULT_START_TIMEOUT;
    private int queueLimit = CoreSettings.DEFAULT_QUEUE_LIMIT;
    private Duration resultRetention = CoreSettings.DEFAULT_RESULT_RETENTION;
    private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private int workerStartAttempts = CoreSettings.DEFAULT_MAX_START_ATTEMPTS;
    private Duration workerStartBackoff = CoreSettings.DEFAULT_START_BACKOFF;
    private Duration workerStopGrace = CoreSettings.DEFAULT_WORKER_STOP_GRACE;
    private Duration deleteGrace = CoreSettings.DEFAULT_DELETE_GRACE;
    private int crashRetries = 1;
    private Duration unresponsiveTimeout = CoreSettings.DEFAULT_UNRESPONSIVE_TIMEOUT;
    private Duration requestTimeout = CoreSettings.DEFAULT_REQUEST_TIMEOUT;
    private Path dataDir;
    private List<String> gpuPrices = new ArrayList<>();
    private boolean adminRoutes;
    private LauncherChoice launcher = LauncherChoice.LOCAL;
    private String k8sNamespace;
    private String k8sImage;
    private List<String> k8sImagePullSecrets = new ArrayList<>();
    private List<String> k8sGpuProducts = new ArrayList<>();
    private String k8sAccess = "auto";
    private String k8sInstance = DEFAULT_K8S_INSTANCE;

    /** The emulator instance name in its pods' labels, by default. */
    public static final String DEFAULT_K8S_INSTANCE = "jls";

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
        this.dataDir = other.dataDir;
        this.gpuPrices = new ArrayList<>(other.gpuPrices);
        this.adminRoutes = other.adminRoutes;
        this.launcher = other.launcher;
        this.k8sNamespace = other.k8sNamespace;
        this.k8sImage = other.k8sImage;
        this.k8sImagePullSecrets = new ArrayList<>(other.k8sImagePullSecrets);
        this.k8sGpuProducts = new ArrayList<>(other.k8sGpuProducts);
        this.k8sAccess = other.k8sAccess;
        this.k8sInstance = other.k8sInstance;
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
        check(!headerTimeout.isNegative() && !headerTimeout.isZero(), "--header-timeout must be positive");
        check(!bodyTimeout.isNegative() && !bodyTimeout.isZero(), "--body-timeout must be positive");
        check(!keepAliveTimeout.isNegative() && !keepAliveTimeout.isZero(), "--keep-alive-timeout must be positive");
        check(!resultRetention.isNegative() && !resultRetention.isZero(), "--result-retention must be positive");
        check(workerStartAttempts >= 1, "--worker-start-attempts must be at least 1, was " + workerStartAttempts);
        check(!workerStartBackoff.isNegative(), "--worker-start-backoff must not be negative");
        check(!workerStopGrace.isNegative(), "--worker-stop-grace must not be negative");
        check(!deleteGrace.isNegative(), "--delete-grace must not be negative");
        check(crashRetries >= 0, "--crash-retries must not be negative, was " + crashRetries);
        check(
                !unresponsiveTimeout.isNegative() && !unresponsiveTimeout.isZero(),
                "--unresponsive-timeout must be positive");
        check(!requestTimeout.isNegative() && !requestTimeout.isZero(), "--request-timeout must be positive");
        check(!vllmStartTimeout.isNegative() && !vllmStartTimeout.isZero(), "--vllm-start-timeout must be positive");
        for (String c : engineCommands) {
            check(c.contains("="), "--engine-command must be FRAMEWORK=TEMPLATE, was '" + c + "'");
        }
        gpuPrices();
        k8sGpuProductMap();
        K8sAccess.of(k8sAccess);
        check(
                k8sInstance.matches("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?"),
                "--k8s-instance must be 1 to 20 lower-case letters, digits and '-', starting and ending with a"
                        + " letter or digit, was '" + k8sInstance + "'");
        if (launcher == LauncherChoice.KUBERNETES) {
            check(k8sImage != null && !k8sImage.isBlank(), "--launcher kubernetes needs --k8s-image");
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

    /** {@code --port}; default 0, a free port (the command line's default is 8765). */
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

    /** Replaces the engine commands, each {@code FRAMEWORK=TEMPLATE}. */
    public EmulatorOptions engineCommands(List<String> frameworkEqualsTemplates) {
        this.engineCommands = new ArrayList<>(frameworkEqualsTemplates);
        return this;
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

    public boolean adminRoutes() {
        return adminRoutes;
    }

    /**
     * {@code --admin-routes}: answer the emulator's own {@code /_emulator/...} routes, which set faults
     * on demand (see {@link JlsEmulator#faults()}); default off, on under {@code @JlsEmulatorTest}.
     */
    public EmulatorOptions adminRoutes(boolean enabled) {
        this.adminRoutes = enabled;
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

    /** The data directory, when the emulator keeps its state in one. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /**
     * {@code --data-dir}: keep deployments and accepted requests in {@code dir}, so that they survive a
     * restart or a crash; {@code null} keeps everything in memory (the default). With a data directory
     * and no API key given, the key made up at the first start is kept there and used again.
     */
    public EmulatorOptions dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /**
     * What an hour of one GPU costs, by GPU type (in USD, the currency of {@code total_cost}), from
     * {@code --gpu-price}; a type without a price costs nothing. Default: none, so every
     * {@code total_cost} stays 0.
     *
     * @throws IllegalArgumentException naming {@code --gpu-price} when an entry is not TYPE=PRICE with a
     *     price of 0 or more
     */
    public Map<String, Double> gpuPrices() {
        Map<String, Double> prices = new LinkedHashMap<>();
        for (String value : gpuPrices) {
            for (String entry : value.split(",")) {
                int eq = entry.indexOf('=');
                String type = eq < 0 ? "" : entry.substring(0, eq).strip();
                check(!type.isEmpty(), "--gpu-price must be TYPE=PRICE (e.g. H100=2.49), was '" + entry.strip() + "'");
                String price = entry.substring(eq + 1).strip();
                double perHour;
                try {
                    perHour = Double.parseDouble(price);
                } catch (NumberFormatException e) {
                    perHour = Double.NaN;
                }
                check(
                        Double.isFinite(perHour) && perHour >= 0,
                        "--gpu-price " + type + " must be a price per GPU-hour of 0 or more, was '" + price + "'");
                prices.put(type, perHour);
            }
        }
        return prices;
    }

    /** The {@code --gpu-price} values as given, each {@code TYPE=PRICE} (or several, comma-separated). */
    public List<String> gpuPriceEntries() {
        return List.copyOf(gpuPrices);
    }

    /**
     * {@code --gpu-price TYPE=PRICE}, repeatable: replaces the prices with {@code typeEqualsPrices}, each
     * {@code TYPE=PRICE} or several of them comma-separated ({@code H100=2.49,L4=0.44}); checked by
     * {@link #validate()}.
     */
    public EmulatorOptions gpuPrices(List<String> typeEqualsPrices) {
        this.gpuPrices = new ArrayList<>(typeEqualsPrices);
        return this;
    }

    /**
     * Sets the price of one hour of one GPU of {@code type} (e.g. {@code H100}, matched
     * case-insensitively), in USD. Workers' GPUs cost from when they get them until their process is
     * gone; a deployment's {@code total_cost} adds it up.
     */
    public EmulatorOptions gpuPrice(String type, double perGpuHour) {
        Objects.requireNonNull(type, "type");
        gpuPrices.add(type + "=" + perGpuHour);
        return this;
    }

    public LauncherChoice launcher() {
        return launcher;
    }

    /** {@code --launcher}: where workers run; default {@link LauncherChoice#LOCAL}, processes of this machine. */
    public EmulatorOptions launcher(LauncherChoice launcher) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        return this;
    }

    /** The namespace of the worker pods, when given. */
    public Optional<String> k8sNamespace() {
        return Optional.ofNullable(k8sNamespace).filter(s -> !s.isBlank());
    }

    /**
     * {@code --k8s-namespace}: the namespace of the worker pods; default the Kubernetes configuration's
     * (the current context's, or in a pod its own).
     */
    public EmulatorOptions k8sNamespace(String namespace) {
        this.k8sNamespace = namespace;
        return this;
    }

    /** The worker pods' image, when given. */
    public Optional<String> k8sImage() {
        return Optional.ofNullable(k8sImage).filter(s -> !s.isBlank());
    }

    /**
     * {@code --k8s-image}: the worker pods' container image, needed with {@code --launcher kubernetes}:
     * vLLM's OpenAI server image for vLLM workers, an image holding the emulator jar (docs/kubernetes.md)
     * for simulated ones. No default.
     */
    public EmulatorOptions k8sImage(String image) {
        this.k8sImage = image;
        return this;
    }

    public List<String> k8sImagePullSecrets() {
        return List.copyOf(k8sImagePullSecrets);
    }

    /** {@code --k8s-image-pull-secret NAME}, repeatable: replaces the Secrets the image is pulled with; default none. */
    public EmulatorOptions k8sImagePullSecrets(List<String> names) {
        this.k8sImagePullSecrets = new ArrayList<>(names);
        return this;
    }

    /** The {@code --k8s-gpu-product} values as given, each {@code TYPE=PRODUCT}. */
    public List<String> k8sGpuProducts() {
        return List.copyOf(k8sGpuProducts);
    }

    /**
     * {@code --k8s-gpu-product TYPE=PRODUCT}, repeatable: replaces the node selector values per GPU type
     * ({@code nvidia.com/gpu.product}, e.g. {@code H100=NVIDIA-H100-80GB-HBM3}); a node of that product
     * counts as of that type. Default none: a node's product's short type ({@code NVIDIA-H100-80GB-HBM3}
     * is {@code H100}), and a worker's pod asks for the product its GPUs were found on.
     */
    public EmulatorOptions k8sGpuProducts(List<String> typeEqualsProducts) {
        this.k8sGpuProducts = new ArrayList<>(typeEqualsProducts);
        return this;
    }

    /**
     * The {@code --k8s-gpu-product} mapping, GPU type to product.
     *
     * @throws IllegalArgumentException naming the option when an entry is not TYPE=PRODUCT
     */
    public Map<String, String> k8sGpuProductMap() {
        Map<String, String> products = new LinkedHashMap<>();
        for (String entry : k8sGpuProducts) {
            int eq = entry.indexOf('=');
            check(
                    eq > 0 && eq < entry.length() - 1,
                    "--k8s-gpu-product must be TYPE=PRODUCT (e.g. H100=NVIDIA-H100-80GB-HBM3), was '" + entry + "'");
            products.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return products;
    }

    public String k8sAccess() {
        return k8sAccess;
    }

    /**
     * {@code --k8s-access}: how the emulator reaches its pods: {@code pod-ip} (it runs in the cluster),
     * {@code port-forward} (through the API server), or {@code auto} (the default: {@code pod-ip} where
     * {@code KUBERNETES_SERVICE_HOST} is set, else {@code port-forward}).
     */
    public EmulatorOptions k8sAccess(String access) {
        this.k8sAccess = Objects.requireNonNull(access, "access");
        return this;
    }

    public String k8sInstance() {
        return k8sInstance;
    }

    /**
     * {@code --k8s-instance}: this emulator's name in its pods' labels; default {@value
     * #DEFAULT_K8S_INSTANCE}. At start the emulator removes the pods its instance name's earlier runs
     * left, so emulators sharing a namespace need names of their own.
     */
    public EmulatorOptions k8sInstance(String instance) {
        this.k8sInstance = Objects.requireNonNull(instance, "instance");
        return this;
    }

    @Override
    public String toString() {
        // keys stay out of every log line
        return "EmulatorOptions[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size() + ", gpus="
                + gpus().orElse("(discover)") + ", engine=" + engine.asString() + ", dataDir="
                + dataDir().map(Path::toString).orElse("(in memory)") + ", launcher=" + launcher.asString() + "]";
    }
}
