-- Kiosk store, schema version 2 (PRAGMA user_version = 2): the patient's journey, logs, outbox.
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
-- Applied to a version-1 store in one transaction (app/kiosk/cabine-store.c); only adds.
-- From this version session.id is a UUID the kiosk creates when the journey starts.
ALTER TABLE session ADD COLUMN hub_session_id TEXT;   -- the hub's sessionId (data/protocol.md)

CREATE TABLE patient (                     -- minimal identity, one per consultation
  session_id    TEXT PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
  family_name   TEXT NOT NULL,
  given_name    TEXT,
  birth_date    TEXT,                      -- YYYY-MM-DD
  sex           TEXT,                      -- FHIR administrative-gender
  contact       TEXT                       -- phone or e-mail
);

CREATE TABLE consent (
  session_id    TEXT PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
  text_version  TEXT NOT NULL,             -- version of the consent text shown
  language      TEXT NOT NULL,
  given_at      TEXT NOT NULL              -- RFC 3339 UTC
);

CREATE TABLE questionnaire (
  session_id    TEXT PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
  answers       TEXT NOT NULL,             -- JSON
  answered_at   TEXT NOT NULL
);

CREATE TABLE snapshot (
  id            TEXT PRIMARY KEY,          -- UUID, also the FHIR Media id
  session_id    TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  taken_at      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  source        TEXT,
  data          BLOB NOT NULL
);
CREATE INDEX snapshot_session ON snapshot (session_id);

CREATE TABLE call_event (
  id            INTEGER PRIMARY KEY,
  session_id    TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  event         TEXT NOT NULL,
  detail        TEXT                       -- JSON object, never patient data
);
CREATE INDEX call_event_session ON call_event (session_id);

CREATE TABLE device_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  device        TEXT NOT NULL,
  event         TEXT NOT NULL,
  detail        TEXT
);

CREATE TABLE audit_log (                   -- never patient data
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  event         TEXT NOT NULL,
  detail        TEXT
);

CREATE TABLE cleaning_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  note          TEXT
);

-- Upload state; outlives the purge of the session it names (no foreign key).
CREATE TABLE outbox (
  session_id    TEXT PRIMARY KEY,
  record_id     TEXT NOT NULL UNIQUE,      -- idempotency key of POST /api/records
  enqueued_at   TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,                    -- NULL: now
  last_error    TEXT,
  uploaded_at   TEXT,                      -- when the hub confirmed it
  purged_at     TEXT                       -- when the patient data was purged
);
CREATE INDEX outbox_pending ON outbox (uploaded_at, next_attempt_at);
