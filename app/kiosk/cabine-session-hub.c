/* cabine-session-hub.c: the kiosk session's side of the hub: queue and signalling connection
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Joining the queue, the hub's queue updates, the start of a call and its relayed signalling
 * (data/protocol.md), and what a lost or regained hub connection means for the consultation.
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"

#include <string.h>

void
cabine_session_send_hub_message (CabineSession *self,
                                 JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_signalling_send (self->signalling, msg, &error))
    g_warning ("cannot send \"%s\" to the hub: %s",
               json_object_get_string_member_with_default (msg, "type", "?"), error->message);
}

void
cabine_session_join_queue (CabineSession *self)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("join-queue", NULL);

  json_object_set_string_member (msg, "reason", self->reason != NULL ? self->reason : "");
  json_object_set_string_member (msg, "language", self->language);
  /* An extra member: the hub (app/hub/cabine-hub-relay.c) ignores it for now. */
  if (self->questionnaire != NULL)
    json_object_set_object_member (msg, "questionnaire", json_object_ref (self->questionnaire));
  cabine_session_send_hub_message (self, msg);
  self->joined = TRUE;
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
  /* A new hub id after a hub restart replaces the old one; the consultation stays the same. */
  g_free (self->hub_session_id);
  self->hub_session_id = g_strdup (id);
  if (!cabine_store_set_hub_session_id (self->store, self->session_id, id, &error))
    g_warning ("cannot record the hub's session id: %s", error->message);
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
      /* A fresh connection: the hub knows nothing of us. Rejoin the queue if the patient waits. */
      self->joined = FALSE;
      if (self->state == CABINE_SESSION_STATE_WAITING)
        cabine_session_join_queue (self);
      return;
    }
  self->joined = FALSE;
  cabine_session_set_queue_position (self, 0);
  if (self->state == CABINE_SESSION_STATE_CALL)
    {
      /* The hub has told the physician we left; the call cannot be continued. */
      g_warning ("lost the hub during the call");
      cabine_session_end_consultation (self, "peer-disconnected", FALSE);
    }
}

void
cabine_session_hub_attach (CabineSession *self)
{
  g_signal_connect (self->signalling, "message", G_CALLBACK (on_hub_message), self);
  g_signal_connect (self->signalling, "connection-changed", G_CALLBACK (on_connection_changed), self);
  g_signal_connect_swapped (self->signalling, "notify::last-error", G_CALLBACK (on_signalling_last_error), self);
}
