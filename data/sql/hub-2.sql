-- Hub store, schema version 2 (PRAGMA user_version = 2): physician sign-ins and notes.
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
-- Applied to a version-1 store in one transaction (app/hub/cabine-hub-store-sqlite.c); only adds.
CREATE TABLE login (                     -- physician login tokens (POST /api/login)
  token_sha256   TEXT PRIMARY KEY,       -- lowercase hex SHA-256 of the token; never the token
  username       TEXT NOT NULL,
  issued_at      TEXT NOT NULL,          -- RFC 3339 UTC
  expires_at     INTEGER NOT NULL        -- Unix time, seconds
);
CREATE INDEX login_expiry ON login (expires_at);

CREATE TABLE note (                      -- the accepting physician's notes on a consultation
  hub_session_id TEXT PRIMARY KEY,       -- the sessionId the hub assigned
  physician      TEXT NOT NULL,          -- username of their author
  body           TEXT NOT NULL,          -- UTF-8 text, at most 64 KiB
  updated_at     TEXT NOT NULL           -- RFC 3339 UTC
);
