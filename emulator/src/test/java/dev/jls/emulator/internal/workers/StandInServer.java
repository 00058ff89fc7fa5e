package dev.jls.emulator.internal.workers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A stand-in for an engine process (vllm, sglang, …) in the tests: records its arguments and
 * environment, then serves {@code GET /health} on the {@code --port} it was given. Its behaviour comes
 * from {@code STANDIN_*} variables: {@code STANDIN_RECORD} (file to write the record to), {@code
 * STANDIN_DELAY_MS} (start-up time before listening), {@code STANDIN_FAIL} (print this line to stderr
 * and exit 1), {@code STANDIN_IGNORE_TERM} (survive SIGTERM), {@code STANDIN_GRANDCHILD} (start a
 * {@code sleep} child and write its pid to this file), {@code STANDIN_REQUIRE_CLASSES} (comma-separated
 * classes that must load, else exit 3), {@code STANDIN_SAY} (a line to print once started, before the
 * start-up time), {@code STANDIN_LISTEN_AFTER} (a file: listen only once it exists, after the start-up
 * time).
 */
public final class StandInServer {

    private StandInServer() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String record = env.get("STANDIN_RECORD");
        if (record != null) {
            Properties properties = new Properties();
            properties.setProperty("argc", Integer.toString(args.length));
            for (int i = 0; i < args.length; i++) {
                properties.setProperty("arg." + i, args[i]);
            }
            properties.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
            new TreeMap<>(env).forEach((key, value) -> properties.setProperty("env." + key, value));
            Path target = Path.of(record);
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, null);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        String required = env.get("STANDIN_REQUIRE_CLASSES");
        if (required != null) {
            for (String name : required.split(",")) {
                try {
                    Class.forName(name.strip());
                } catch (ClassNotFoundException e) {
                    System.err.println("class not on the classpath: " + name);
                    System.exit(3);
                }
            }
        }
        if (env.containsKey("STANDIN_IGNORE_TERM")) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.out.println("ignoring SIGTERM"));
        }
        if (env.containsKey("STANDIN_GRANDCHILD")) {
            Process child = new ProcessBuilder("sleep", "300")
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Files.writeString(Path.of(env.get("STANDIN_GRANDCHILD")), Long.toString(child.pid()));
        }
        System.out.println("stand-in starting with " + args.length + " arguments");
        String failure = env.get("STANDIN_FAIL");
        if (failure != null) {
            System.err.println(failure);
            System.exit(1);
        }
        String say = env.get("STANDIN_SAY");
        if (say != null) {
            System.out.println(say);
        }
        long delay = Long.parseLong(env.getOrDefault("STANDIN_DELAY_MS", "0"));
        if (delay > 0) {
            Thread.sleep(delay); // the simulated start-up time of the engine, not a wait in a test
        }
        String listenAfter = env.get("STANDIN_LISTEN_AFTER");
        if (listenAfter != null) {
            // A test holds the engine in its start-up until it has looked at it.
            while (!Files.exists(Path.of(listenAfter))) {
                Thread.sleep(10);
            }
        }
        int port = port(args);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("stand-in listening on port " + port);
        Thread.currentThread().join();
    }

    private static int port(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        throw new IOException("no --port among the arguments");
    }
}
