package dev.jls.emulator.internal.store;

import dev.jls.emulator.internal.core.EngineAnswer;
import dev.jls.emulator.internal.core.RequestFailure;
import dev.jls.emulator.internal.core.StoreBatch;
import dev.jls.emulator.internal.core.StoredDeployment;
import dev.jls.emulator.internal.core.StoredRequest;
import dev.jls.emulator.internal.core.StoredTombstone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a group of {@link StoreBatch}es becomes rows: the writer thread's prepared statements, and the net
 * effect of the group, written in one transaction the caller commits.
 */
final class BatchWriter implements AutoCloseable {
    private final PreparedStatement upsertDeployment;
    private final PreparedStatement deleteDeployment;
    private final PreparedStatement upsertRequest;
    private final PreparedStatement deleteRequest;
    private final PreparedStatement insertTombstone;
    private final PreparedStatement deleteTombstone;
    private final PreparedStatement putMeta;
    /** The worker id sequence as last committed; it is written again only when it moved. */
    private long writtenNextWorkerId = -1;

    BatchWriter(Connection db) throws SQLException {
        upsertDeployment = db.prepareStatement("INSERT INTO deployments (id, tenant, spec, status,"
                + " error_message, created_at, updated_at, start_time, delete_deadline, total_cost)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET spec = excluded.spec,"
                + " status = excluded.status, error_message = excluded.error_message,"
                + " updated_at = excluded.updated_at, start_time = excluded.start_time,"
                + " delete_deadline = excluded.delete_deadline, total_cost = excluded.total_cost");
        deleteDeployment = db.prepareStatement("DELETE FROM deployments WHERE id = ?");
        // an update keeps the row's rowid, so rows read back in the order requests were accepted
        upsertRequest = db.prepareStatement("INSERT INTO requests (id, tenant, deployment_id, route, body,"
                + " state, accepted_at, waiting_since, attempts, finished_at, expires_at, result_status,"
                + " result_content_type, result_body, failure_type, failure_message, failure_code,"
                + " idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET body = excluded.body, state = excluded.state,"
                + " waiting_since = excluded.waiting_since, attempts = excluded.attempts,"
                + " finished_at = excluded.finished_at, expires_at = excluded.expires_at,"
                + " result_status = excluded.result_status,"
                + " result_content_type = excluded.result_content_type, result_body = excluded.result_body,"
                + " failure_type = excluded.failure_type, failure_message = excluded.failure_message,"
                + " failure_code = excluded.failure_code");
        deleteRequest = db.prepareStatement("DELETE FROM requests WHERE id = ?");
        insertTombstone = db.prepareStatement(
                "INSERT OR REPLACE INTO tombstones (id, tenant, deployment_id, expired_at) VALUES (?, ?, ?, ?)");
        deleteTombstone = db.prepareStatement("DELETE FROM tombstones WHERE id = ?");
        putMeta = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('next_worker_id', ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }

    /**
     * Writes {@code batches} as their net effect: each deployment and request as it stands in the
     * latest batch, in the order each first appeared; then expiries, forgotten tombstones, removals.
     */
    void write(List<StoreBatch> batches) throws SQLException {
        Map<String, StoredDeployment> deployments = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        Map<String, StoredRequest> requests = new LinkedHashMap<>();
        List<StoredTombstone> expired = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        long nextWorkerId = 0;
        for (StoreBatch b : batches) {
            for (StoredDeployment d : b.deployments()) {
                deployments.put(d.id(), d);
            }
            for (String id : b.removedDeployments()) {
                deployments.remove(id);
                removed.add(id);
            }
            for (StoredRequest r : b.requests()) {
                requests.put(r.id(), r);
            }
            for (StoredTombstone t : b.expired()) {
                requests.remove(t.id());
                expired.add(t);
            }
            forgotten.addAll(b.forgottenTombstones());
            nextWorkerId = Math.max(nextWorkerId, b.nextWorkerId());
        }
        if (!deployments.isEmpty()) {
            for (StoredDeployment d : deployments.values()) {
                bind(upsertDeployment, d);
                upsertDeployment.addBatch();
            }
            upsertDeployment.executeBatch();
        }
        if (!requests.isEmpty()) {
            for (StoredRequest r : requests.values()) {
                bind(upsertRequest, r);
                upsertRequest.addBatch();
            }
            upsertRequest.executeBatch();
        }
        if (!expired.isEmpty()) {
            for (StoredTombstone t : expired) {
                deleteRequest.setString(1, t.id());
                deleteRequest.addBatch();
                insertTombstone.setString(1, t.id());
                insertTombstone.setString(2, t.tenant());
                insertTombstone.setString(3, t.deploymentId());
                insertTombstone.setLong(4, Codec.nanos(t.expiredAt()));
                insertTombstone.addBatch();
            }
            deleteRequest.executeBatch();
            insertTombstone.executeBatch();
        }
        if (!forgotten.isEmpty()) {
            for (String id : forgotten) {
                deleteTombstone.setString(1, id);
                deleteTombstone.addBatch();
            }
            deleteTombstone.executeBatch();
        }
        if (!removed.isEmpty()) {
            for (String id : removed) {
                deleteDeployment.setString(1, id);
                deleteDeployment.addBatch();
            }
            deleteDeployment.executeBatch();
        }
        if (nextWorkerId != writtenNextWorkerId) {
            putMeta.setString(1, Long.toString(nextWorkerId));
            putMeta.executeUpdate();
            writtenNextWorkerId = nextWorkerId;
        }
    }

    /** After a rollback, the sequence is written again with the next group. */
    void forgetWrittenMeta() {
        writtenNextWorkerId = -1;
    }

    private static void bind(PreparedStatement p, StoredDeployment d) throws SQLException {
        p.setString(1, d.id());
        p.setString(2, d.tenant());
        p.setString(3, Codec.spec(d.spec()));
        p.setString(4, d.status().wire());
        p.setString(5, d.errorMessage().orElse(null));
        p.setLong(6, Codec.nanos(d.createdAt()));
        p.setLong(7, Codec.nanos(d.updatedAt()));
        setInstant(p, 8, d.startTime());
        setInstant(p, 9, d.deleteDeadline());
        p.setDouble(10, d.totalCost());
    }

    private static void bind(PreparedStatement p, StoredRequest r) throws SQLException {
        p.setString(1, r.id());
        p.setString(2, r.tenant());
        p.setString(3, r.deploymentId());
        p.setString(4, r.route().name());
        p.setBytes(5, r.body().orElse(null));
        p.setString(6, r.state().wire());
        p.setLong(7, Codec.nanos(r.acceptedAt()));
        p.setLong(8, Codec.nanos(r.waitingSince()));
        p.setInt(9, r.attempts());
        setInstant(p, 10, r.finishedAt());
        setInstant(p, 11, r.expiresAt());
        if (r.result().isPresent()) {
            EngineAnswer a = r.result().get();
            p.setInt(12, a.status());
            p.setString(13, a.contentType());
            p.setBytes(14, a.body());
        } else {
            p.setNull(12, Types.INTEGER);
            p.setNull(13, Types.VARCHAR);
            p.setNull(14, Types.BLOB);
        }
        if (r.failure().isPresent()) {
            RequestFailure f = r.failure().get();
            p.setString(15, f.type().wire());
            p.setString(16, f.message());
            if (f.code().isPresent()) {
                p.setInt(17, f.code().getAsInt());
            } else {
                p.setNull(17, Types.INTEGER);
            }
        } else {
            p.setNull(15, Types.VARCHAR);
            p.setNull(16, Types.VARCHAR);
            p.setNull(17, Types.INTEGER);
        }
        p.setString(18, r.idempotencyKey().orElse(null));
    }

    private static void setInstant(PreparedStatement p, int index, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            p.setLong(index, Codec.nanos(t.get()));
        } else {
            p.setNull(index, Types.INTEGER);
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement p : List.of(
                upsertDeployment,
                deleteDeployment,
                upsertRequest,
                deleteRequest,
                insertTombstone,
                deleteTombstone,
                putMeta)) {
            p.close();
        }
    }
}
