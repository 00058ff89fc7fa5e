package dev.jls.emulator.internal.store;

import java.util.List;

/**
 * The database's tables, as a list of migrations: migration {@code n} brings a database from schema
 * {@code n} to {@code n + 1}, and the database's {@code user_version} says which it is at. A later
 * version of the emulator appends migrations and never changes one that shipped.
 */
final class Schema {

    /** Marks the file as the emulator's ({@code JLS1}), so that another program's database is refused. */
    static final int APPLICATION_ID = 0x4A4C5331;

    static final List<List<String>> MIGRATIONS = List.of(
            // 0 → 1: the first schema
            List.of("""
            CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""", """
            CREATE TABLE deployments (
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                spec TEXT NOT NULL,
                status TEXT NOT NULL,
                error_message TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                start_time INTEGER,
                delete_deadline INTEGER
            )""", """
            CREATE TABLE requests (
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                deployment_id TEXT NOT NULL,
                route TEXT NOT NULL,
                body BLOB,
                state TEXT NOT NULL,
                accepted_at INTEGER NOT NULL,
                waiting_since INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                finished_at INTEGER,
                expires_at INTEGER,
                result_status INTEGER,
                result_content_type TEXT,
                result_body BLOB,
                failure_type TEXT,
                failure_message TEXT,
                failure_code INTEGER,
                idempotency_key TEXT
            )""", """
            CREATE TABLE tombstones (
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL,
                deployment_id TEXT NOT NULL,
                expired_at INTEGER NOT NULL
            )"""),
            // 1 → 2: what each deployment's GPU time has cost; nothing, for what an older emulator kept
            List.of("ALTER TABLE deployments ADD COLUMN total_cost REAL NOT NULL DEFAULT 0"));

    /** The schema this emulator writes. */
    static final int VERSION = MIGRATIONS.size();

    private Schema() {}
}
