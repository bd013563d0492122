/**
 * Numbered, forward-only migrations of the engine store (DESIGN.md §4). Each runs once, inside a
 * transaction, and `PRAGMA user_version` records the last applied number. Never edit a shipped
 * migration: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        ts   TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX events_type ON events(type, seq);

      CREATE TABLE decisions (
        id            TEXT PRIMARY KEY,
        created_at    TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('pending','needs-human','approved','rejected')),
        approval_mode TEXT NOT NULL,
        brain         TEXT NOT NULL,
        critique      TEXT NOT NULL,
        raw_text      TEXT NOT NULL DEFAULT '',
        decided_by    TEXT,
        decided_at    TEXT,
        reason        TEXT NOT NULL DEFAULT ''
      );
      -- At most one decision in flight per session (spec/engine.md §8.2).
      CREATE UNIQUE INDEX decisions_one_pending ON decisions((1)) WHERE status IN ('pending','needs-human');

      CREATE TABLE actions (
        decision_id    TEXT NOT NULL REFERENCES decisions(id),
        idx            INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        action         TEXT NOT NULL,
        classification TEXT NOT NULL CHECK (classification IN ('safe','destructive','blocked')),
        reasons        TEXT NOT NULL DEFAULT '[]',
        status         TEXT NOT NULL CHECK (status IN ('awaiting-approval','approved','auto','rejected','executing','executed','failed','unknown')),
        error          TEXT,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (decision_id, idx)
      );

      CREATE TABLE asks (
        id              TEXT PRIMARY KEY,
        decision_id     TEXT NOT NULL,
        lane            TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        reply_timeout_s INTEGER NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('outstanding','replied','timed-out')),
        replied_at      TEXT,
        reply_file      TEXT,
        timed_out_at    TEXT
      );

      CREATE TABLE brain_calls (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at    TEXT NOT NULL,
        brain         TEXT NOT NULL,
        harness       TEXT,
        model         TEXT,
        duration_ms   INTEGER,
        failure_kind  TEXT,
        prompt_bytes  INTEGER NOT NULL,
        response_bytes INTEGER,
        input_tokens  INTEGER,
        output_tokens INTEGER,
        cost_usd      REAL,
        prompt_path   TEXT,
        response_path TEXT
      );
      CREATE INDEX brain_calls_started ON brain_calls(started_at);

      CREATE TABLE proposals (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        surface    TEXT NOT NULL,
        title      TEXT NOT NULL,
        status     TEXT NOT NULL,
        body       TEXT NOT NULL
      );

      CREATE TABLE markers (
        kind       TEXT NOT NULL,
        window     TEXT NOT NULL,
        data       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, window)
      );

      CREATE TABLE kv (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];
