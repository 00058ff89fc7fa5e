package dev.jls.emulator.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentStatus;
import dev.jls.emulator.internal.core.EngineAnswer;
import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.core.FailureType;
import dev.jls.emulator.internal.core.RequestFailure;
import dev.jls.emulator.internal.core.RequestState;
import dev.jls.emulator.internal.core.StoreBatch;
import dev.jls.emulator.internal.core.StoredCluster;
import dev.jls.emulator.internal.core.StoredDeployment;
import dev.jls.emulator.internal.core.StoredRequest;
import dev.jls.emulator.internal.core.StoredTombstone;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-08T08:00:00.123456Z");

    @TempDir
    Path tmp;

    static DeploymentSpec spec() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("model", "Qwen/Qwen3-0.6B");
        args.put("max-model-len", "4096");
        return new DeploymentSpec(
                "qwen",
                "india-noida-01",
                "vllm",
                List.of("H100", "L4"),
                2,
                1,
                3,
                8,
                300,
                60,
                50,
                args,
                Map.of("HF_TOKEN", "hf_secret"));
    }

    static StoredDeployment deployment(String id, DeploymentStatus status) {
        return new StoredDeployment(
                id,
                "tenant-a",
                status,
                Optional.empty(),
                spec(),
                T0,
                T0.plusSeconds(1),
                Optional.of(T0),
                Optional.empty(),
                1.25);
    }

    static StoredRequest queued(String id, String deploymentId) {
        return new StoredRequest(
                id,
                "tenant-a",
                deploymentId,
                EngineRoute.CHAT_COMPLETIONS,
                Optional.of(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)),
                RequestState.QUEUED,
                T0,
                T0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("tenant-a\0" + deploymentId + "\0key-" + id));
    }

    static StoredRequest completed(StoredRequest r) {
        return new StoredRequest(
                r.id(),
                r.tenant(),
                r.deploymentId(),
                r.route(),
                Optional.empty(),
                RequestState.COMPLETED,
                r.acceptedAt(),
                r.waitingSince(),
                1,
                Optional.of(T0.plusSeconds(2)),
                Optional.of(T0.plusSeconds(3602)),
                Optional.of(new EngineAnswer(200, "application/json", "{\"ok\":true}".getBytes())),
                Optional.empty(),
                r.idempotencyKey());
    }

    static StoreBatch batch(List<StoredDeployment> ds, List<StoredRequest> rs) {
        return new StoreBatch(ds, List.of(), rs, List.of(), List.of(), 5);
    }

    private SqliteStore open(Path dir) {
        return SqliteStore.open(new DataDir(dir));
    }

    @Test
    void whatIsWrittenIsReadBackInTheOrderItCame() {
        Path dir = tmp.resolve("data");
        StoredRequest failed = new StoredRequest(
                "req-3",
                "tenant-a",
                "dep-1",
                EngineRoute.COMPLETIONS,
                Optional.empty(),
                RequestState.FAILED,
                T0,
                T0,
                2,
                Optional.of(T0.plusSeconds(1)),
                Optional.of(T0.plusSeconds(3601)),
                Optional.empty(),
                Optional.of(new RequestFailure(FailureType.ENGINE_ERROR, "model not found", OptionalInt.of(404))),
                Optional.empty());
        try (SqliteStore store = open(dir)) {
            assertThat(store.load()).isEqualTo(StoredCluster.EMPTY);
            store.write(
                    batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), List.of(queued("req-2", "dep-1"))));
            store.write(batch(List.of(), List.of(queued("req-1", "dep-1"), failed)));
            store.write(batch(List.of(), List.of(completed(queued("req-2", "dep-1")))));
            store.written().join();
        }
        try (SqliteStore store = open(dir)) {
            StoredCluster back = store.load();
            assertThat(back.nextWorkerId()).isEqualTo(5);
            assertThat(back.deployments()).containsExactly(deployment("dep-1", DeploymentStatus.RUNNING));
            assertThat(back.requests()).extracting(StoredRequest::id).containsExactly("req-2", "req-1", "req-3");
            StoredRequest done = back.requests().get(0);
            assertThat(done.state()).isEqualTo(RequestState.COMPLETED);
            assertThat(done.body()).isEmpty();
            assertThat(new String(done.result().orElseThrow().body())).isEqualTo("{\"ok\":true}");
            assertThat(done.idempotencyKey()).isEqualTo(queued("req-2", "dep-1").idempotencyKey());
            StoredRequest waiting = back.requests().get(1);
            assertThat(new String(waiting.body().orElseThrow())).isEqualTo("{\"id\":\"req-1\"}");
            assertThat(waiting.acceptedAt()).isEqualTo(T0);
            assertThat(back.requests().get(2).failure()).isEqualTo(failed.failure());
            assertThat(back.requests().get(2).result()).isEmpty();
        }
    }

    @Test
    void expiriesLeaveTombstonesAndRemovalsRemove() {
        Path dir = tmp.resolve("data");
        StoredTombstone stone = new StoredTombstone("req-1", "tenant-a", "dep-1", T0.plusSeconds(3600));
        try (SqliteStore store = open(dir)) {
            store.write(batch(
                    List.of(
                            deployment("dep-1", DeploymentStatus.RUNNING),
                            deployment("dep-2", DeploymentStatus.DELETING)),
                    List.of(completed(queued("req-1", "dep-1")))));
            store.write(new StoreBatch(List.of(), List.of("dep-2"), List.of(), List.of(stone), List.of(), 7));
            store.written().join();
        }
        try (SqliteStore store = open(dir)) {
            StoredCluster back = store.load();
            assertThat(back.deployments()).extracting(StoredDeployment::id).containsExactly("dep-1");
            assertThat(back.requests()).isEmpty();
            assertThat(back.tombstones()).containsExactly(stone);
            store.write(new StoreBatch(List.of(), List.of(), List.of(), List.of(), List.of("req-1"), 7));
            store.written().join();
        }
        try (SqliteStore store = open(dir)) {
            assertThat(store.load().tombstones()).isEmpty();
        }
    }

    @Test
    void theDirectoryAndEveryFileInItAreTheOwnersOnly() throws IOException {
        Path dir = tmp.resolve("deep").resolve("data");
        try (SqliteStore store = open(dir)) {
            store.write(batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), List.of()));
            store.written().join();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(dir.resolve("emulator.db-wal")).exists();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.toList())
                        .hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                                .as(f.getFileName().toString())
                                .isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void asecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() {
        Path dir = tmp.resolve("data");
        try (SqliteStore first = open(dir)) {
            assertThatThrownBy(() -> open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("in use by another emulator");
        }
        open(dir).close();
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftAsItWas() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        byte[] junk = "these are someone's notes, not a database\n".repeat(100).getBytes();
        Files.write(dir.resolve("emulator.db"), junk);
        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve("emulator.db").toString())
                .hasMessageContaining("not an SQLite database")
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readAllBytes(dir.resolve("emulator.db"))).isEqualTo(junk);
        assertThatThrownBy(() -> SqliteStore.contents(new DataDir(dir))).isInstanceOf(StoreException.class);
    }

    @Test
    void anotherProgramsDatabaseIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Path file = dir.resolve("emulator.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (text TEXT)");
            s.execute("INSERT INTO notes VALUES ('keep me')");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not the emulator's");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = tmp.resolve("data");
        open(dir).close();
        Path file = dir.resolve("emulator.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version=" + (Schema.VERSION + 1));
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("newer emulator (schema " + (Schema.VERSION + 1));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsBroughtUpToDateAndKeepsItsDeployments() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Path file = dir.resolve("emulator.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) {
                s.execute(sql);
            }
            s.execute("PRAGMA application_id=" + Schema.APPLICATION_ID);
            s.execute("PRAGMA user_version=1");
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO deployments"
                    + " (id, tenant, spec, status, created_at, updated_at) VALUES ('dep-1', 'tenant-a', ?,"
                    + " 'running', 1, 2)")) {
                insert.setString(1, Codec.spec(spec()));
                insert.executeUpdate();
            }
        }
        try (SqliteStore store = open(dir)) {
            StoredDeployment old = store.load().deployments().get(0);
            assertThat(old.id()).isEqualTo("dep-1");
            assertThat(old.spec()).isEqualTo(spec());
            assertThat(old.totalCost()).isZero();
            store.write(batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), List.of()));
            store.written().join();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION).isEqualTo(2);
        }
        try (SqliteStore store = open(dir)) {
            assertThat(store.load().deployments().get(0).totalCost()).isEqualTo(1.25);
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedWithItsNameAndLeftAsItWas() throws IOException {
        Path dir = tmp.resolve("data");
        try (SqliteStore store = open(dir)) {
            List<StoredRequest> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(queued("req-" + i, "dep-1"));
            }
            store.write(batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), many));
            store.written().join();
        }
        Path file = dir.resolve("emulator.db");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(4 * 4096);
        // scribble over the second and third pages, past the header
        for (int i = 4096; i < 3 * 4096; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);
        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void committedWritesLeftInTheWalAreRecoveredAndATornLastWriteIsDropped() throws Exception {
        Path live = tmp.resolve("live");
        try (SqliteStore store = open(live)) {
            store.write(
                    batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), List.of(queued("req-1", "dep-1"))));
            store.written().join();
            store.write(batch(List.of(), List.of(queued("req-2", "dep-1"))));
            store.written().join();
            long walBeforeLast = Files.size(live.resolve("emulator.db-wal"));
            store.write(batch(List.of(), List.of(queued("req-3", "dep-1"))));
            store.written().join();

            // the process "dies" here: its files are copied as they are, the WAL not yet folded in
            Path crashed = copyFiles(live, tmp.resolve("crashed"));
            try (SqliteStore recovered = open(crashed)) {
                assertThat(recovered.load().requests())
                        .extracting(StoredRequest::id)
                        .containsExactly("req-1", "req-2", "req-3");
            }

            // the same, dying in the middle of writing the last transaction
            Path torn = copyFiles(live, tmp.resolve("torn"));
            Path wal = torn.resolve("emulator.db-wal");
            long full = Files.size(wal);
            assertThat(full).isGreaterThan(walBeforeLast);
            try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
                f.setLength(walBeforeLast + (full - walBeforeLast) / 2);
            }
            try (SqliteStore recovered = open(torn)) {
                assertThat(recovered.load().requests())
                        .extracting(StoredRequest::id)
                        .containsExactly("req-1", "req-2");
            }
        }
    }

    private static Path copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("emulator.db", "emulator.db-wal")) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
        return to;
    }

    @Test
    void aBurstOfChangesToOneRequestEndsAsItsLatestState() {
        Path dir = tmp.resolve("data");
        StoredRequest r = queued("req-1", "dep-1");
        try (SqliteStore store = open(dir)) {
            for (int i = 0; i < 50; i++) {
                store.write(batch(List.of(), List.of(r)));
            }
            store.write(batch(List.of(), List.of(completed(r))));
            store.written().join();
        }
        try (SqliteStore store = open(dir)) {
            assertThat(store.load().requests()).singleElement().satisfies(back -> {
                assertThat(back.state()).isEqualTo(RequestState.COMPLETED);
                assertThat(back.body()).isEmpty();
            });
        }
    }

    @Test
    void contentsCountsWhatAStartWouldBringBack() {
        Path dir = tmp.resolve("data");
        assertThat(SqliteStore.contents(new DataDir(dir))).isEqualTo(new SqliteStore.Contents(0, 0));
        try (SqliteStore store = open(dir)) {
            store.write(batch(
                    List.of(deployment("dep-1", DeploymentStatus.RUNNING)),
                    List.of(queued("req-1", "dep-1"), queued("req-2", "dep-1"))));
            store.written().join();
            assertThatThrownBy(() -> SqliteStore.contents(new DataDir(dir))).isInstanceOf(StoreException.class);
        }
        assertThat(SqliteStore.contents(new DataDir(dir))).isEqualTo(new SqliteStore.Contents(1, 2));
    }

    @Test
    void aWipeRemovesTheEmulatorsFilesOnly() throws IOException, SQLException {
        Path dir = tmp.resolve("data");
        DataDir data = new DataDir(dir);
        String key = data.apiKey();
        assertThat(data.apiKey()).isEqualTo(key);
        try (SqliteStore store = open(dir)) {
            store.write(batch(List.of(deployment("dep-1", DeploymentStatus.RUNNING)), List.of()));
            store.written().join();
            assertThatThrownBy(data::wipe).isInstanceOf(StoreException.class);
        }
        Files.writeString(dir.resolve("mine.txt"), "not the emulator's");
        data.wipe();
        assertThat(dir.resolve("emulator.db")).doesNotExist();
        assertThat(dir.resolve("api-key")).doesNotExist();
        assertThat(dir.resolve("mine.txt")).hasContent("not the emulator's");
        assertThat(data.apiKey()).isNotEqualTo(key);
    }
}
