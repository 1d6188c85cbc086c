-- Hub store, schema version 3 (PRAGMA user_version = 3): when each consultation ended.
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
-- Applied to a version-2 store in one transaction (app/hub/cabine-hub-store-sqlite.c); only adds.
-- A consultation whose ended_at is NULL was in a call when the hub last stopped (or is in one now):
-- a restarted hub lets its peers resume it (data/protocol.md, "Signalling interruption").
-- Consultations of an older hub keep NULL: their end was not recorded; a kiosk or physician resumes
-- only the call it is in, so an old one is not claimed.
ALTER TABLE consultation ADD COLUMN ended_at TEXT;   -- RFC 3339 UTC, NULL until it ends
