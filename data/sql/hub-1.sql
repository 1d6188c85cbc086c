-- Hub store, schema version 1 (PRAGMA user_version = 1), SQLite backend of app/hub/cabine-hub-store.h.
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
CREATE TABLE consultation (              -- who took which consultation
  hub_session_id TEXT PRIMARY KEY,       -- the sessionId the hub assigned (data/protocol.md)
  kiosk_id       TEXT NOT NULL,
  physician      TEXT NOT NULL,          -- username of the physician who accepted it
  accepted_at    TEXT NOT NULL           -- RFC 3339 UTC
);

CREATE TABLE record (                    -- session records uploaded by kiosks
  record_id      TEXT PRIMARY KEY,       -- idempotency key (the kiosk's consultation UUID)
  kiosk_id       TEXT NOT NULL,          -- the authenticated kiosk that uploaded it
  hub_session_id TEXT,
  received_at    TEXT NOT NULL,
  body           TEXT NOT NULL           -- the record as received (JSON)
);
CREATE INDEX record_hub_session ON record (hub_session_id);
