-- Hub store, schema version 4 (PRAGMA user_version = 4): the sessions waiting in the queue.
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
-- Applied to a version-3 store in one transaction (app/hub/cabine-hub-store-sqlite.c); only adds.
-- A row per session waiting in the queue, from its join until it is accepted, leaves or expires,
-- so that a restarted hub gives the patient back their place when the kiosk joins again with the
-- session's id (data/protocol.md, "Queue (kiosk side)"). Nothing else: no reason, no questionnaire,
-- no patient data (the kiosk sends them again with its join-queue).
CREATE TABLE waiting (
  hub_session_id TEXT PRIMARY KEY,       -- the sessionId the hub assigned
  kiosk_id       TEXT NOT NULL,          -- the kiosk whose session it is
  waiting_since  TEXT NOT NULL           -- RFC 3339 UTC, with fractional seconds: the join time
);
