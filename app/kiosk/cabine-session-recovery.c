/* cabine-session-recovery.c: re-establishing a call whose media stopped
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * webrtcbin 1.22 cannot restart ICE: its create-offer ignores its options ("TODO: use the options
 * argument") and reuses the previous offer's ice-ufrag/ice-pwd, and it does not check consent
 * (RFC 7675), so a path that went away is never replaced. The kiosk therefore re-establishes the
 * call itself inside the same consultation: a new webrtcbin (new ICE agent, DTLS association and
 * data channel), whose offer carries new ICE credentials, sent with "restart": true and an "attempt" number
 * (data/protocol.md, "Recovery"); the console answers it with a new RTCPeerConnection. The remote
 * control keeps its unacknowledged messages and the ids it applied, the store keeps the readings.
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"

gboolean
cabine_session_recovering (CabineSession *self)
{
  return self->recovery_started_us != 0;
}

gboolean
cabine_session_recovery_is_current (CabineSession *self,
                                    JsonObject    *msg)
{
  gint64 attempt = 0;

  if (json_object_has_member (msg, "attempt") && !cabine_protocol_get_int (msg, "attempt", &attempt, NULL))
    return FALSE;
  return attempt == (gint64) self->call_attempt;
}

static void
record_end (CabineSession *self,
            const char    *outcome)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  gint64 elapsed_ms = (g_get_monotonic_time () - self->recovery_started_us) / 1000;

  json_object_set_string_member (detail, "outcome", outcome);
  json_object_set_int_member (detail, "durationMs", elapsed_ms);
  json_object_set_int_member (detail, "attempts", self->recovery_attempts);
  cabine_session_record_call_event (self, "recovery-ended", detail);
  g_message ("call recovery ended (%s) after %" G_GINT64_FORMAT " ms and %u attempt(s)",
             outcome, elapsed_ms, self->recovery_attempts);
  self->recovery_started_us = 0;
  self->recovery_attempts = 0;
  g_clear_handle_id (&self->recovery_id, g_source_remove);
  cabine_session_notify_call_notice (self);
}

static gboolean attempt_cb (gpointer user_data);

/* One attempt: the hub must be reachable and both peers attached to the call to relay the offer
 * (the hub drops call messages for a peer that is away), else wait for the next tick, or for
 * cabine_session_recovery_peers_back(). */
static void
attempt (CabineSession *self)
{
  g_autoptr(JsonObject) detail = json_object_new ();

  if (!cabine_signalling_get_connected (self->signalling) || self->signalling_lost_us != 0)
    {
      g_message ("call recovery: the hub is not reachable or the call not resumed yet, waiting");
      return;
    }
  if (self->peer_away)
    {
      g_message ("call recovery: the physician's connection to the hub is interrupted, waiting");
      return;
    }
  self->call_attempt++;
  self->recovery_attempts++;
  self->attempt_started_us = g_get_monotonic_time ();
  json_object_set_int_member (detail, "attempt", self->call_attempt);
  cabine_session_record_call_event (self, "recovery-attempt", detail);
  g_message ("call recovery: attempt %u (a new offer)", self->call_attempt);
  if (!cabine_session_open_call (self))
    g_warning ("call recovery: attempt %u could not start", self->call_attempt);
}

static gboolean
attempt_cb (gpointer user_data)
{
  CabineSession *self = user_data;
  guint limit_s = cabine_config_get_call_recovery_seconds (self->config);

  if (g_get_monotonic_time () - self->recovery_started_us >= (gint64) limit_s * G_USEC_PER_SEC)
    {
      self->recovery_id = 0;
      g_warning ("call recovery: no media after %u s, the call is lost", limit_s);
      record_end (self, "gave-up");
      cabine_session_end_consultation (self, "call-failed", TRUE);
      return G_SOURCE_REMOVE;
    }
  /* An attempt whose ICE is up is about to carry media: let it. */
  if (self->call != NULL && cabine_call_get_state (self->call) == CABINE_CALL_STATE_CONNECTED)
    return G_SOURCE_CONTINUE;
  attempt (self);
  return G_SOURCE_CONTINUE;
}

gboolean
cabine_session_recovery_begin (CabineSession *self,
                               const char    *cause)
{
  g_autoptr(JsonObject) detail = NULL;
  guint limit_s = cabine_config_get_call_recovery_seconds (self->config);

  if (limit_s == 0 || self->state != CABINE_SESSION_STATE_CALL)
    return FALSE;
  if (cabine_session_recovering (self))
    return TRUE;
  detail = json_object_new ();
  json_object_set_string_member (detail, "cause", cause);
  json_object_set_int_member (detail, "limitS", limit_s);
  cabine_session_record_call_event (self, "recovery-started", detail);
  g_warning ("the call's media stopped (%s): re-establishing it for up to %u s", cause, limit_s);
  self->recovery_started_us = g_get_monotonic_time ();
  self->recovery_attempts = 0;
  cabine_session_notify_call_notice (self);
  /* Ticks of one attempt each, the first at once; the last tick gives up. The final tick lands
   * at most one interval after the limit. */
  self->recovery_id = g_timeout_add_seconds (MIN (CABINE_SESSION_RECOVERY_ATTEMPT_S, limit_s),
                                             attempt_cb, self);
  attempt (self);
  return TRUE;
}

static gboolean
late_answer_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  if (!cabine_session_recovering (self) || self->state != CABINE_SESSION_STATE_CALL || self->recovery_id == 0)
    return G_SOURCE_REMOVE;
  g_clear_handle_id (&self->recovery_id, g_source_remove);
  self->recovery_id = g_timeout_add_seconds (CABINE_SESSION_RECOVERY_ATTEMPT_S, attempt_cb, self);
  attempt (self);
  return G_SOURCE_REMOVE;
}

void
cabine_session_recovery_peers_back (CabineSession *self)
{
  if (!cabine_session_recovering (self) || self->state != CABINE_SESSION_STATE_CALL ||
      self->recovery_id == 0)
    return;
  /* An attempt whose ICE is up is about to carry media: let it. */
  if (self->call != NULL && cabine_call_get_state (self->call) == CABINE_CALL_STATE_CONNECTED)
    return;
  g_message ("call recovery: both peers are attached to the call again, a new attempt now");
  g_idle_add_full (G_PRIORITY_DEFAULT, late_answer_cb, g_object_ref (self), g_object_unref);
}

void
cabine_session_recovery_answered (CabineSession *self)
{
  gint64 waited_us;

  if (!cabine_session_recovering (self) || self->call_attempt == 0)
    return;
  /* An answer long after its offer: the offer sat in a link that was down, and so did the
   * attempt's candidate gathering (no relay allocated): the link is back, try again now. */
  waited_us = g_get_monotonic_time () - self->attempt_started_us;
  if (waited_us < CABINE_SESSION_RECOVERY_LATE_ANSWER_S * G_USEC_PER_SEC)
    return;
  g_message ("call recovery: the answer to attempt %u came after %" G_GINT64_FORMAT " ms; the link is "
             "back, a new attempt now", self->call_attempt, waited_us / 1000);
  g_idle_add_full (G_PRIORITY_DEFAULT, late_answer_cb, g_object_ref (self), g_object_unref);
}

void
cabine_session_recovery_succeeded (CabineSession *self)
{
  if (!cabine_session_recovering (self))
    return;
  cabine_session_exam_report_reapplied (self);
  record_end (self, "recovered");
}

void
cabine_session_recovery_abandon (CabineSession *self,
                                 const char    *reason)
{
  if (!cabine_session_recovering (self))
    return;
  record_end (self, reason != NULL ? reason : "ended");
}
