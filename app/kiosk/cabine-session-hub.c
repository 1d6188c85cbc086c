/* cabine-session-hub.c: the kiosk session's side of the hub: queue and signalling connection
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Joining the queue, the hub's queue updates, the start of a call and its relayed signalling
 * (data/protocol.md), and what a lost or regained hub connection means for the consultation:
 * in a call, nothing for the patient (media and the data channel go peer to peer); the kiosk
 * resumes the call on the next connection ("Signalling interruption"), and keeps the interruptions,
 * its own and the physician's, as call events.
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"

#include <string.h>

void
cabine_session_send_hub_message (CabineSession *self,
                                 JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;

  if (cabine_signalling_send (self->signalling, msg, &error))
    return;
  /* During a signalling interruption the call goes on: what it would tell the hub meanwhile
   * (a late candidate) is lost, and that is expected. */
  if (g_error_matches (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED))
    g_message ("\"%s\" not sent: the hub is not connected",
               json_object_get_string_member_with_default (msg, "type", "?"));
  else
    g_warning ("cannot send \"%s\" to the hub: %s",
               json_object_get_string_member_with_default (msg, "type", "?"), error->message);
}

void
cabine_session_join_queue (CabineSession *self)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("join-queue", NULL);

  json_object_set_string_member (msg, "reason", self->reason != NULL ? self->reason : "");
  json_object_set_string_member (msg, "language", self->language);
  /* The same patient joins again (a new connection, or the hub restarted): the hub gives the
   * session back its place if it still can (data/protocol.md, "Queue (kiosk side)"). The id is
   * cleared with the patient (forget_patient()), so a new patient never claims it. */
  if (self->state == CABINE_SESSION_STATE_WAITING && self->hub_session_id != NULL)
    json_object_set_string_member (msg, "sessionId", self->hub_session_id);
  if (self->questionnaire != NULL)
    json_object_set_object_member (msg, "questionnaire", json_object_ref (self->questionnaire));
  cabine_session_send_hub_message (self, msg);
  self->joined = TRUE;
}

/* ---- signalling interruptions (data/protocol.md "Signalling interruption") ----------------- */

void
cabine_session_hub_call_reset (CabineSession *self)
{
  self->signalling_lost_us = 0;
  self->resume_pending = FALSE;
  self->peer_away = FALSE;
  self->peer_away_us = 0;
}

void
cabine_session_hub_defer_hangup (CabineSession *self,
                                 const char    *hub_session_id,
                                 const char    *reason)
{
  g_free (self->deferred_hangup_id);
  g_free (self->deferred_hangup_reason);
  self->deferred_hangup_id = g_strdup (hub_session_id);
  self->deferred_hangup_reason = g_strdup (reason);
  g_message ("the call ends (%s) while the hub is unreachable: it is told when it is back", reason);
}

/* A new connection after a call ended while the hub was unreachable: the kiosk claims the call
 * back and hangs up, so that the physician learns it now. A hub that has ended it meanwhile
 * answers `no-such-session` (logged, see on_resume_error ()). */
static void
send_deferred_hangup (CabineSession *self)
{
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) hangup = NULL;
  g_autofree char *id = g_steal_pointer (&self->deferred_hangup_id);
  g_autofree char *reason = g_steal_pointer (&self->deferred_hangup_reason);

  if (id == NULL)
    return;
  g_message ("the hub is back: telling it that call %s ended (%s)", id, reason);
  resume = cabine_protocol_new_message ("resume", id);
  cabine_session_send_hub_message (self, resume);
  hangup = cabine_protocol_new_message ("hangup", id);
  json_object_set_string_member (hangup, "reason", reason);
  cabine_session_send_hub_message (self, hangup);
}

static void
send_resume (CabineSession *self)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("resume", self->hub_session_id);

  g_message ("the hub is back: resuming the call");
  cabine_session_send_hub_message (self, msg);
  self->resume_pending = TRUE;
}

static void
physician_away (CabineSession *self,
                JsonObject    *detail /* nullable */)
{
  if (self->peer_away)
    return;
  self->peer_away = TRUE;
  self->peer_away_us = g_get_monotonic_time ();
  cabine_session_record_call_event (self, "peer-away", detail);
}

static void
physician_back (CabineSession *self)
{
  g_autoptr(JsonObject) detail = NULL;

  if (self->peer_away)
    {
      gint64 away_ms = (g_get_monotonic_time () - self->peer_away_us) / 1000;

      detail = json_object_new ();
      json_object_set_int_member (detail, "durationMs", away_ms);
      g_message ("the physician's connection to the hub is back after %" G_GINT64_FORMAT " ms",
                 away_ms);
    }
  else
    g_message ("the physician's connection to the hub is back");
  self->peer_away = FALSE;
  self->peer_away_us = 0;
  cabine_session_record_call_event (self, "peer-back", detail);
  cabine_session_recovery_peers_back (self);
}

static void
on_resumed (CabineSession *self,
            JsonObject    *msg)
{
  JsonNode *present_node = json_object_get_member (msg, "peerPresent");
  /* Absent or not a boolean: taken as present, the hub's answer to a resume it accepted. */
  gboolean present = present_node == NULL || !JSON_NODE_HOLDS_VALUE (present_node) ||
                     json_node_get_value_type (present_node) != G_TYPE_BOOLEAN ||
                     json_node_get_boolean (present_node);

  self->resume_pending = FALSE;
  if (self->signalling_lost_us != 0)
    {
      g_autoptr(JsonObject) detail = json_object_new ();
      gint64 lost_ms = (g_get_monotonic_time () - self->signalling_lost_us) / 1000;

      json_object_set_int_member (detail, "durationMs", lost_ms);
      cabine_session_record_call_event (self, "signalling-resumed", detail);
      g_message ("the call is resumed on the hub after %" G_GINT64_FORMAT " ms without it; the "
                 "physician is %s", lost_ms, present ? "connected" : "away");
      self->signalling_lost_us = 0;
    }
  else
    g_debug ("the hub confirms the resumed call again");
  if (!present)
    physician_away (self, NULL);
  else if (self->peer_away)
    physician_back (self);
  else
    cabine_session_recovery_peers_back (self);
}

static void
on_peer_away (CabineSession *self,
              JsonObject    *msg)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  gint64 seconds = 0;

  if (cabine_protocol_get_int (msg, "resumeSeconds", &seconds, NULL) && seconds >= 0)
    json_object_set_int_member (detail, "resumeSeconds", seconds);
  else
    json_object_set_null_member (detail, "resumeSeconds");
  g_message ("the physician's connection to the hub is interrupted; the call goes on peer to peer "
             "(the hub keeps it for %" G_GINT64_FORMAT " s)", seconds);
  physician_away (self, detail);
}

/* The hub refused a `resume`: the call ended while we were away (resume-seconds passed, the
 * physician hung up, the hub restarted too long ago) or the hub is older than resume. */
static void
on_resume_error (CabineSession *self,
                 JsonObject    *msg)
{
  const char *code = json_object_get_string_member_with_default (msg, "code", "?");
  const char *text = json_object_get_string_member_with_default (msg, "message", "?");
  g_autoptr(JsonObject) detail = NULL;

  if (self->state != CABINE_SESSION_STATE_CALL || !self->resume_pending)
    {
      g_message ("the hub could not resume an ended call (%s: %s): it ends it itself", code, text);
      return;
    }
  g_warning ("the hub could not resume the call after the signalling interruption (%s: %s): the "
             "consultation ends as peer-disconnected", code, text);
  self->resume_pending = FALSE;
  detail = json_object_new ();
  json_object_set_string_member (detail, "code", code);
  cabine_session_record_call_event (self, "resume-refused", detail);
  cabine_session_end_consultation (self, "peer-disconnected", FALSE);
}

/* ---- the hub ----------------------------------------------------------------------------- */

static gboolean
is_current_session (CabineSession *self,
                    JsonObject    *msg)
{
  const char *id = cabine_protocol_get_string (msg, "sessionId", FALSE, NULL);
  return id != NULL && g_strcmp0 (id, self->hub_session_id) == 0;
}

static void
set_estimated_wait (CabineSession *self,
                    JsonObject    *msg)
{
  gint64 seconds = 0;

  /* Not sent by the hub yet: an optional "estimatedWait" in seconds (0 or absent: unknown). */
  if (!cabine_protocol_get_int (msg, "estimatedWait", &seconds, NULL) || seconds < 0)
    seconds = 0;
  seconds = MIN (seconds, (gint64) G_MAXUINT);
  if (self->estimated_wait_s == (guint) seconds)
    return;
  self->estimated_wait_s = (guint) seconds;
  cabine_session_notify_property (self, CABINE_SESSION_PROP_ESTIMATED_WAIT);
}

static void
on_queued (CabineSession *self,
           JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  const char *id = cabine_protocol_get_string (msg, "sessionId", TRUE, &error);
  gint64 position = 0;

  if (id == NULL || self->state != CABINE_SESSION_STATE_WAITING || self->session_id == NULL)
    return;
  /* The same id: the hub kept the patient's place. A new one (the hub could not: it expired, or
   * the hub restarted without it) replaces the old; the consultation stays the same. */
  if (g_strcmp0 (id, self->hub_session_id) == 0)
    g_debug ("the hub kept session %s in its place in the queue", id);
  else
    {
      g_free (self->hub_session_id);
      self->hub_session_id = g_strdup (id);
      if (!cabine_store_set_hub_session_id (self->store, self->session_id, id, &error))
        g_warning ("cannot record the hub's session id: %s", error->message);
    }
  if (cabine_protocol_get_int (msg, "position", &position, NULL))
    cabine_session_set_queue_position (self, (guint) CLAMP (position, 0, G_MAXUINT));
  set_estimated_wait (self, msg);
}

/* The physician's @type ("answer" or "ice") could not be used: says why in the log, and tells the
 * physician with `signal-refused` (data/protocol.md, "Call set-up"), at most
 * CABINE_SESSION_MAX_SIGNAL_REFUSALS times per call. The call goes on as before: a refused answer
 * leaves it unconnected, and the setup limit or the recovery deals with that. */
static void
refuse_signal (CabineSession *self,
               const char    *type,
               const GError  *error)
{
  g_autoptr(JsonObject) refused = NULL;
  g_autofree char *prefix = g_strconcat (type, ": ", NULL);
  const char *reason = error->message;

  if (self->signal_refusals >= CABINE_SESSION_MAX_SIGNAL_REFUSALS)
    {
      /* A physician's burst of bad messages neither floods the physician nor the kiosk's log. */
      if (self->signal_refusals == CABINE_SESSION_MAX_SIGNAL_REFUSALS)
        {
          g_message ("%d refusals told to the physician in this call: the next ones are only "
                     "logged at debug level", CABINE_SESSION_MAX_SIGNAL_REFUSALS);
          self->signal_refusals++;
        }
      g_debug ("refused \"%s\" from the physician: %s", type, error->message);
      return;
    }
  g_warning ("refused \"%s\" from the physician: %s", type, error->message);
  self->signal_refusals++;
  /* The message says which: "ice: …" need not repeat it. */
  if (g_str_has_prefix (reason, prefix))
    reason += strlen (prefix);
  refused = cabine_protocol_new_signal_refused (self->hub_session_id, type, reason,
                                                self->call_attempt);
  cabine_session_send_hub_message (self, refused);
}

static void
on_hub_message (CabineSignalling *signalling,
                const char       *type,
                JsonObject       *msg,
                CabineSession    *self)
{
  gint64 position;

  if (g_str_equal (type, "queued"))
    on_queued (self, msg);
  else if (g_str_equal (type, "queue-position"))
    {
      if (is_current_session (self, msg) && cabine_protocol_get_int (msg, "position", &position, NULL))
        cabine_session_set_queue_position (self, (guint) CLAMP (position, 0, G_MAXUINT));
      if (is_current_session (self, msg))
        set_estimated_wait (self, msg);
    }
  else if (g_str_equal (type, "session-started"))
    {
      if (self->state == CABINE_SESSION_STATE_WAITING && is_current_session (self, msg))
        cabine_session_start_call (self, msg);
    }
  else if (g_str_equal (type, "answer") || g_str_equal (type, "ice"))
    {
      g_autoptr(GError) error = NULL;

      if (self->call == NULL || !is_current_session (self, msg))
        return;
      if (!cabine_session_recovery_is_current (self, msg))
        {
          g_debug ("ignoring \"%s\" of an earlier attempt of the call", type);
          return;
        }
      if (!cabine_call_handle_signal (self->call, msg, &error))
        refuse_signal (self, type, error);
      else if (g_str_equal (type, "answer"))
        cabine_session_recovery_answered (self);
    }
  else if (g_str_equal (type, "hangup"))
    {
      if (self->state == CABINE_SESSION_STATE_CALL && is_current_session (self, msg))
        {
          const char *reason = cabine_protocol_get_string (msg, "reason", FALSE, NULL);
          cabine_session_end_consultation (self, reason != NULL ? reason : "physician-ended", FALSE);
        }
    }
  else if (g_str_equal (type, "resumed"))
    {
      if (self->state == CABINE_SESSION_STATE_CALL && is_current_session (self, msg))
        on_resumed (self, msg);
    }
  else if (g_str_equal (type, "peer-away"))
    {
      if (self->state == CABINE_SESSION_STATE_CALL && is_current_session (self, msg))
        on_peer_away (self, msg);
    }
  else if (g_str_equal (type, "peer-back"))
    {
      if (self->state == CABINE_SESSION_STATE_CALL && is_current_session (self, msg))
        physician_back (self);
    }
  else if (g_str_equal (type, "error") &&
           g_strcmp0 (cabine_protocol_get_string (msg, "inReplyTo", FALSE, NULL), "resume") == 0)
    on_resume_error (self, msg);
  else if (g_str_equal (type, "error"))
    {
      g_warning ("the hub refused a message: %s (%s)",
                 json_object_get_string_member_with_default (msg, "message", "?"),
                 json_object_get_string_member_with_default (msg, "code", "?"));
    }
  else
    g_debug ("ignoring hub message \"%s\"", type);
}

static void
on_signalling_last_error (CabineSession *self)
{
  cabine_session_notify_property (self, CABINE_SESSION_PROP_HUB_CONNECTED);
}

static void
on_connection_changed (CabineSignalling *signalling,
                       gboolean          connected,
                       CabineSession    *self)
{
  cabine_session_notify_property (self, CABINE_SESSION_PROP_HUB_CONNECTED);
  if (connected)
    {
      /* A fresh connection: the hub knows nothing of us on it. Rejoin the queue if the patient
       * waits; claim the call back if there is one (the hub kept it for resume-seconds). */
      self->joined = FALSE;
      send_deferred_hangup (self);
      if (self->state == CABINE_SESSION_STATE_WAITING)
        cabine_session_join_queue (self);
      else if (self->state == CABINE_SESSION_STATE_CALL && self->hub_session_id != NULL)
        send_resume (self);
      return;
    }
  self->joined = FALSE;
  self->resume_pending = FALSE;
  cabine_session_set_queue_position (self, 0);
  if (self->state != CABINE_SESSION_STATE_CALL)
    return;
  /* Media and the data channel go peer to peer: the call goes on, the patient sees nothing, and
   * the call is resumed on the next connection. A recovery meanwhile waits for the hub. */
  if (self->signalling_lost_us != 0)
    {
      g_message ("lost the hub again before the call was resumed; the call goes on");
      return;
    }
  g_message ("lost the hub during the call: the call goes on peer to peer and is resumed when "
             "the hub is back");
  self->signalling_lost_us = g_get_monotonic_time ();
  {
    g_autoptr(JsonObject) detail = json_object_new ();

    json_object_set_string_member (detail, "state", "call");
    cabine_session_record_call_event (self, "signalling-lost", detail);
  }
}

void
cabine_session_hub_attach (CabineSession *self)
{
  g_signal_connect (self->signalling, "message", G_CALLBACK (on_hub_message), self);
  g_signal_connect (self->signalling, "connection-changed", G_CALLBACK (on_connection_changed), self);
  g_signal_connect_swapped (self->signalling, "notify::last-error", G_CALLBACK (on_signalling_last_error), self);
}
