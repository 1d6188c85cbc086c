-- Kiosk store, schema version 1 (PRAGMA user_version = 1).
-- Copyright 2026 The Cabine developers; SPDX-License-Identifier: GPL-3.0-or-later
CREATE TABLE session (
  id            TEXT PRIMARY KEY,          -- the hub's sessionId (UUID)
  kiosk_id      TEXT NOT NULL,
  language      TEXT NOT NULL,             -- "fr", "en"
  reason        TEXT,                      -- reason for the visit, as the patient gave it
  queued_at     TEXT NOT NULL,             -- RFC 3339 UTC
  call_started_at TEXT,
  ended_at      TEXT,
  end_reason    TEXT,                      -- data/protocol.md hangup reasons, or "abandoned"
  -- Call statistics at the end of the call (media/cabine-call.h CabineCallStats)
  video_frames_received  INTEGER,
  video_frames_sent      INTEGER,
  audio_packets_received INTEGER,
  audio_packets_sent     INTEGER,
  first_frame_ms         INTEGER            -- call start to the first physician frame shown, ms
);

CREATE TABLE observation (
  id            TEXT PRIMARY KEY,          -- FHIR Observation id (UUID), also the data-channel id
  session_id    TEXT REFERENCES session (id),  -- NULL when taken outside a consultation
  loinc         TEXT NOT NULL,
  mdc_code      INTEGER NOT NULL,
  value         REAL NOT NULL,
  ucum          TEXT NOT NULL,
  device_time   TEXT,                      -- the device's absolute time, RFC 3339; NULL if none
  received_at   TEXT NOT NULL,             -- kiosk receive time, RFC 3339 UTC
  provenance    TEXT NOT NULL,             -- JSON: manufacturer, model, serial, VID:PID, driver, …
  raw_frame     BLOB,                      -- the APDU the reading was decoded from
  resource      TEXT NOT NULL,             -- the FHIR R4 Observation as sent to the physician
  acked_at      TEXT                       -- when the physician's console acknowledged it
);
CREATE INDEX observation_session ON observation (session_id);
