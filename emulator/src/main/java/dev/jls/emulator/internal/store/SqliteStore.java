package dev.jls.emulator.internal.store;

import dev.jls.emulator.internal.core.ClusterStore;
import dev.jls.emulator.internal.core.EngineAnswer;
import dev.jls.emulator.internal.core.RequestFailure;
import dev.jls.emulator.internal.core.StoreBatch;
import dev.jls.emulator.internal.core.StoredCluster;
import dev.jls.emulator.internal.core.StoredDeployment;
import dev.jls.emulator.internal.core.StoredRequest;
import dev.jls.emulator.internal.core.StoredTombstone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The core's state in an SQLite database in the data directory: WAL journal, {@code synchronous=NORMAL}
 * (a committed write survives the emulator's crash; a power cut may lose the last moments), one
 * connection, one writer thread.
 *
 * <p>The event loop hands over each turn's {@link StoreBatch} and goes on. The writer takes every batch
 * waiting and writes them as one transaction, each row as it stood in the latest of them: a burst of
 * submissions costs one commit, not one per request, and batches are written in the order they came.
 */
public final class SqliteStore implements ClusterStore {

    private static final Logger LOG = Logger.getLogger(SqliteStore.class.getName());
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Batches written in one transaction at most, so that one commit never grows without bound. */
    private static final int GROUP = 4096;
    /** Commits after which the WAL is folded into the database once the writer is idle. */
    private static final int CHECKPOINT_WHEN_IDLE = 64;
    /** Commits after which it is folded in even while writes keep coming, so the WAL stays bounded. */
    private static final int CHECKPOINT_ANYWAY = 4096;

    /** What the data directory holds, counted without starting an emulator. */
    public record Contents(int deployments, int requests) {}

    private record Pending(StoreBatch batch, CompletableFuture<Void> done) {}

    private static final Pending CLOSE = new Pending(null, null);

    private final DataDir dir;
    private final DataDir.Lock lock;
    private final Connection db;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private Thread writer;
    /** The future of the last batch handed over; touched on the event loop only. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    private boolean closed;
    /** Why the writer stopped for good, if it did: later batches fail at once rather than wait forever. */
    private volatile Exception broken;

    private SqliteStore(DataDir dir, DataDir.Lock lock, Connection db) {
        this.dir = dir;
        this.lock = lock;
        this.db = db;
    }

    /**
     * Opens (or creates) the database of {@code dir}, taking the directory's lock and bringing an older
     * schema up to date.
     *
     * @throws StoreException when another emulator holds the directory, or the file is not the
     *     emulator's database, is damaged, or was written by a newer emulator; the file is then left as it
     *     was
     */
    public static SqliteStore open(DataDir dir) {
        DataDir.Lock lock = dir.lock();
        Connection db = null;
        try {
            db = connect(dir);
            return new SqliteStore(dir, lock, db);
        } catch (RuntimeException e) {
            closeQuietly(db);
            lock.close();
            throw e;
        }
    }

    /** Counts what {@code dir} holds: what an emulator started on it brings back. */
    public static Contents contents(DataDir dir) {
        if (!dir.exists()) {
            return new Contents(0, 0);
        }
        try (DataDir.Lock ignored = dir.lock();
                Connection db = connect(dir);
                Statement s = db.createStatement()) {
            return new Contents(count(s, "deployments"), count(s, "requests"));
        } catch (SQLException e) {
            throw unreadable(dir.database(), e);
        }
    }

    private static int count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(DataDir dir) {
        Path file = dir.database();
        checkHeader(file);
        Connection db = null;
        try {
            dir.createPrivateFile(file);
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                // One process writes here (the directory's lock says so): holding SQLite's file locks for
                // the connection's life spares each commit its locking calls, and keeps the WAL's index in
                // the heap rather than in a shared -shm file.
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                int applicationId = pragmaInt(s, "application_id");
                int version = pragmaInt(s, "user_version");
                boolean empty = count(s, "sqlite_master") == 0;
                if (!empty && applicationId != Schema.APPLICATION_ID) {
                    throw new StoreException(file + " is an SQLite database, but not the emulator's; nothing was"
                            + " changed. Move it away, or pick another --data-dir");
                }
                if (version > Schema.VERSION) {
                    throw new StoreException(file + " was written by a newer emulator (schema " + version
                            + "; this one reads up to " + Schema.VERSION + "); nothing was changed. Use that"
                            + " emulator, or pick another --data-dir");
                }
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    String verdict = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw new StoreException(file + " is damaged (" + verdict + "); nothing was changed."
                                + " Move it away, or wipe it with: jls emulator reset");
                    }
                }
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                // the writer folds the WAL into the database itself, when it has nothing else to do
                s.execute("PRAGMA wal_autocheckpoint=0");
                migrate(db, s, version);
            }
            return db;
        } catch (SQLException e) {
            closeQuietly(db);
            throw unreadable(file, e);
        } catch (IOException e) {
            closeQuietly(db);
            throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /** Refuses a file that is not an SQLite database before SQLite touches it. */
    private static void checkHeader(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(SQLITE_HEADER.length);
            }
            if (!Arrays.equals(head, SQLITE_HEADER)) {
                throw new StoreException(file + " is not an SQLite database, so not the emulator's; nothing was"
                        + " changed. Move it away, or pick another --data-dir");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static StoreException unreadable(Path file, SQLException e) {
        return new StoreException(
                file + " cannot be read as the emulator's database (" + e.getMessage() + "); nothing was changed."
                        + " Move it away, or wipe it with: jls emulator reset",
                e);
    }

    private static int pragmaInt(Statement s, String pragma) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void migrate(Connection db, Statement s, int from) throws SQLException {
        if (from == Schema.VERSION) {
            return;
        }
        db.setAutoCommit(false);
        try {
            for (int v = from; v < Schema.VERSION; v++) {
                for (String sql : Schema.MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA application_id=" + Schema.APPLICATION_ID);
            s.execute("PRAGMA user_version=" + Schema.VERSION);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    public DataDir dataDir() {
        return dir;
    }

    @Override
    public boolean durable() {
        return true;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public synchronized StoredCluster load() {
        if (writer != null) {
            throw new IllegalStateException("load() comes before the first write");
        }
        try (Statement s = db.createStatement()) {
            List<StoredDeployment> deployments = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, tenant, spec, status, error_message, created_at,"
                    + " updated_at, start_time, delete_deadline, total_cost FROM deployments ORDER BY rowid")) {
                while (rs.next()) {
                    deployments.add(new StoredDeployment(
                            rs.getString(1),
                            rs.getString(2),
                            Codec.status(rs.getString(4)),
                            Optional.ofNullable(rs.getString(5)),
                            Codec.spec(rs.getString(3)),
                            Codec.instant(rs.getLong(6)),
                            Codec.instant(rs.getLong(7)),
                            instant(rs, 8),
                            instant(rs, 9),
                            rs.getDouble(10)));
                }
            }
            List<StoredRequest> requests = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, tenant, deployment_id, route, body, state, accepted_at,"
                    + " waiting_since, attempts, finished_at, expires_at, result_status, result_content_type,"
                    + " result_body, failure_type, failure_message, failure_code, idempotency_key"
                    + " FROM requests ORDER BY rowid")) {
                while (rs.next()) {
                    requests.add(request(rs));
                }
            }
            List<StoredTombstone> tombstones = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT id, tenant, deployment_id, expired_at FROM tombstones ORDER BY rowid")) {
                while (rs.next()) {
                    tombstones.add(new StoredTombstone(
                            rs.getString(1), rs.getString(2), rs.getString(3), Codec.instant(rs.getLong(4))));
                }
            }
            long nextWorkerId = 1;
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'next_worker_id'")) {
                if (rs.next()) {
                    nextWorkerId = Long.parseLong(rs.getString(1));
                }
            }
            return new StoredCluster(deployments, requests, tombstones, nextWorkerId);
        } catch (SQLException e) {
            throw unreadable(dir.database(), e);
        } catch (RuntimeException e) {
            throw new StoreException(
                    dir.database() + " holds a row this emulator cannot read (" + e.getMessage()
                            + "); nothing was changed. Move it away, or wipe it with: jls emulator reset",
                    e);
        }
    }

    private static StoredRequest request(ResultSet rs) throws SQLException {
        int resultStatus = rs.getInt(12);
        Optional<EngineAnswer> result = rs.wasNull()
                ? Optional.empty()
                : Optional.of(new EngineAnswer(resultStatus, rs.getString(13), bytes(rs.getBytes(14))));
        String failureType = rs.getString(15);
        Optional<RequestFailure> failure = Optional.empty();
        if (failureType != null) {
            int code = rs.getInt(17);
            failure = Optional.of(new RequestFailure(
                    Codec.failureType(failureType),
                    rs.getString(16),
                    rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code)));
        }
        return new StoredRequest(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Codec.route(rs.getString(4)),
                Optional.ofNullable(rs.getBytes(5)),
                Codec.state(rs.getString(6)),
                Codec.instant(rs.getLong(7)),
                Codec.instant(rs.getLong(8)),
                rs.getInt(9),
                instant(rs, 10),
                instant(rs, 11),
                result,
                failure,
                Optional.ofNullable(rs.getString(18)));
    }

    private static byte[] bytes(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long nanos = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Codec.instant(nanos));
    }

    // ---------------------------------------------------------------- writing

    @Override
    public synchronized void write(StoreBatch batch) {
        if (closed) {
            throw new IllegalStateException("the store of " + dir + " is closed");
        }
        if (writer == null) {
            writer = new Thread(this::writeLoop, "jls-store-writer");
            writer.setDaemon(true);
            writer.start();
        }
        Pending p = new Pending(batch, new CompletableFuture<>());
        last = p.done;
        queue.add(p);
        if (broken != null) {
            failRemaining(broken);
        }
    }

    @Override
    public synchronized CompletableFuture<Void> written() {
        return last.copy();
    }

    private void writeLoop() {
        try (BatchWriter sql = new BatchWriter(db)) {
            // one transaction per group: the connection stays out of auto-commit from here on
            db.setAutoCommit(false);
            boolean closing = false;
            int commits = 0;
            while (!closing) {
                List<Pending> group = new ArrayList<>();
                group.add(queue.take());
                queue.drainTo(group, GROUP - 1);
                closing = group.remove(CLOSE);
                if (!group.isEmpty()) {
                    writeGroup(sql, group);
                    commits++;
                }
                if (commits >= CHECKPOINT_ANYWAY || (commits >= CHECKPOINT_WHEN_IDLE && queue.isEmpty())) {
                    checkpoint();
                    commits = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot prepare the writes of " + dir.database(), e);
            broken = e;
            failRemaining(e);
        }
    }

    /**
     * Copies what the WAL holds into the database, without waiting for readers (there are none). A
     * failure is only logged: the WAL keeps the data, and the next checkpoint tries again.
     */
    private void checkpoint() {
        try {
            // a checkpoint runs outside a transaction
            db.setAutoCommit(true);
            try (Statement s = db.createStatement();
                    ResultSet ignored = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                // the row says how much was copied; nothing to do with it
            } finally {
                db.setAutoCommit(false);
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot fold the WAL of " + dir.database() + " into it", e);
        }
    }

    private void writeGroup(BatchWriter sql, List<Pending> group) {
        try {
            sql.write(group.stream().map(Pending::batch).toList());
            db.commit();
            for (Pending p : group) {
                p.done.complete(null);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot write to " + dir.database(), e);
            try {
                db.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            sql.forgetWrittenMeta();
            for (Pending p : group) {
                p.done.completeExceptionally(e);
            }
        }
    }

    private void failRemaining(Exception e) {
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p != CLOSE) {
                p.done.completeExceptionally(e);
            }
        }
    }

    /** Writes what is queued, then closes the database (which folds the WAL into it) and the lock. */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = writer;
        }
        if (w != null) {
            queue.add(CLOSE);
            try {
                w.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(db);
        lock.close();
    }
}
