/* cabine-hub-relay-resume.c: a call outlives a lost signalling connection (`resume`)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Signalling interruption": an active session whose kiosk or physician lost its
 * socket keeps that side away for `[hub] resume-seconds`, until it sends `resume` from a new
 * connection; a restarted hub restores from its store the calls it had in progress. Logging:
 * session ids, kiosk ids and usernames only, never patient data.
 */
#define G_LOG_DOMAIN "cabine-hub-relay"

#include "cabine-hub-relay-private.h"

/* The grace timers of one session's away peers, indexed by CabineHubSide; 0: not away. */
typedef struct {
  guint timer[2];
} Grace;

/* One timer's data; the relay is borrowed: its timers are all removed when it is disposed. */
typedef struct {
  CabineHubRelay *relay;
  char *session_id;
  CabineHubSide side;
} GraceTimer;

static const char * const side_names[] = { "kiosk", "physician" };

void
cabine_hub_relay_grace_free (gpointer data)
{
  Grace *grace = data;

  for (guint i = 0; i < G_N_ELEMENTS (grace->timer); i++)
    g_clear_handle_id (&grace->timer[i], g_source_remove);
  g_free (grace);
}

static void
grace_timer_free (gpointer data)
{
  GraceTimer *t = data;

  g_free (t->session_id);
  g_free (t);
}

static CabineHubSide
other_side (CabineHubSide side)
{
  return side == CABINE_HUB_SIDE_KIOSK ? CABINE_HUB_SIDE_PHYSICIAN : CABINE_HUB_SIDE_KIOSK;
}

static const char *
key_of (const CabineHubSession *s,
        CabineHubSide           side)
{
  return side == CABINE_HUB_SIDE_KIOSK ? s->kiosk_key : s->physician_key;
}

/* Who @side of @s is, for the log: the kiosk id or the physician's username. */
static const char *
who (const CabineHubSession *s,
     CabineHubSide           side)
{
  return side == CABINE_HUB_SIDE_KIOSK ? s->kiosk_id : s->physician_user;
}

CabineHubSide
cabine_hub_relay_side_of (const CabineHubSession *s,
                          const char             *peer_key)
{
  return g_str_equal (s->kiosk_key, peer_key) ? CABINE_HUB_SIDE_KIOSK : CABINE_HUB_SIDE_PHYSICIAN;
}

/* Sends @msg to @side of @s, when that side is attached and connected. */
static void
send_to_side (CabineHubRelay         *self,
              const CabineHubSession *s,
              CabineHubSide           side,
              JsonObject             *msg)
{
  CabineHubPeer *peer;

  if (s->away[side])
    return;
  peer = g_hash_table_lookup (self->by_key, key_of (s, side));
  if (peer != NULL)
    cabine_hub_peer_send (peer, msg);
}

void
cabine_hub_relay_end_session (CabineHubRelay *self,
                              const char     *session_id)
{
  g_autofree char *id = g_strdup (session_id);
  const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, id);
  gboolean active = s != NULL && s->state == CABINE_HUB_SESSION_ACTIVE;
  g_autoptr(GError) error = NULL;

  if (s != NULL && s->state == CABINE_HUB_SESSION_WAITING)
    cabine_hub_relay_forget_waiting (self, id);
  g_hash_table_remove (self->grace, id);
  g_hash_table_remove (self->questionnaires, id);
  cabine_hub_queue_end (self->queue, id);
  /* Only accepted consultations are in the store (the server notes them on session-accepted). */
  if (active && self->store != NULL && !cabine_hub_store_end_consultation (self->store, id, &error))
    g_warning ("cannot record the end of consultation %s: %s", id, error->message);
}

static gboolean
on_grace_expired (gpointer user_data)
{
  GraceTimer *t = user_data;
  CabineHubRelay *self = t->relay;
  Grace *grace = g_hash_table_lookup (self->grace, t->session_id);
  const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, t->session_id);
  CabineHubSide other = other_side (t->side);

  /* This source is being dispatched: it is not to be removed again. */
  if (grace != NULL)
    grace->timer[t->side] = 0;
  if (s == NULL)
    return G_SOURCE_REMOVE;
  if (!s->away[other])
    cabine_hub_relay_send_hangup (self, key_of (s, other), s->id, "peer-disconnected");
  g_message ("session %s: %s %s not resumed within %u s: ended", s->id, side_names[t->side],
             who (s, t->side), self->resume_seconds);
  cabine_hub_relay_end_session (self, t->session_id);
  return G_SOURCE_REMOVE;
}

/* Marks @side of @s away and starts its grace timer. */
static void
start_grace (CabineHubRelay         *self,
             const CabineHubSession *s,
             CabineHubSide           side)
{
  Grace *grace = g_hash_table_lookup (self->grace, s->id);
  GraceTimer *t = g_new0 (GraceTimer, 1);

  if (grace == NULL)
    {
      grace = g_new0 (Grace, 1);
      g_hash_table_insert (self->grace, g_strdup (s->id), grace);
    }
  cabine_hub_queue_set_away (self->queue, s->id, side, TRUE);
  t->relay = self;
  t->session_id = g_strdup (s->id);
  t->side = side;
  g_clear_handle_id (&grace->timer[side], g_source_remove);
  /* Milliseconds: g_timeout_add_seconds() may fire a one-second timer early. */
  grace->timer[side] = g_timeout_add_full (G_PRIORITY_DEFAULT, self->resume_seconds * 1000,
                                           on_grace_expired, t, grace_timer_free);
}

/* @side of @s is back: no longer away, its timer stopped. */
static void
stop_grace (CabineHubRelay         *self,
            const CabineHubSession *s,
            CabineHubSide           side)
{
  Grace *grace = g_hash_table_lookup (self->grace, s->id);

  cabine_hub_queue_set_away (self->queue, s->id, side, FALSE);
  if (grace != NULL)
    g_clear_handle_id (&grace->timer[side], g_source_remove);
}

void
cabine_hub_relay_peer_gone (CabineHubRelay *self,
                            const char     *session_id,
                            CabineHubSide   side)
{
  const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, session_id);
  CabineHubSide other = other_side (side);
  g_autoptr(JsonObject) away = NULL;

  g_return_if_fail (s != NULL && s->state == CABINE_HUB_SESSION_ACTIVE);

  if (self->resume_seconds == 0)
    {
      if (!s->away[other])
        cabine_hub_relay_send_hangup (self, key_of (s, other), s->id, "peer-disconnected");
      g_message ("session %s ended: %s %s disconnected", s->id, side_names[side], who (s, side));
      cabine_hub_relay_end_session (self, session_id);
      return;
    }
  if (s->away[side])
    return;
  start_grace (self, s, side);
  away = cabine_protocol_new_message ("peer-away", s->id);
  json_object_set_int_member (away, "resumeSeconds", self->resume_seconds);
  send_to_side (self, s, other, away);
  g_message ("session %s: %s %s away (resume within %u s)", s->id, side_names[side],
             who (s, side), self->resume_seconds);
}

/* A consultation of the store that @peer may resume, restored as an active session with @peer
 * attached and the other side away (its timer starts now); NULL when there is none: no store, the
 * restore window (the first resume-seconds since the store was set) has passed, the consultation
 * is unknown, ended or another kiosk's or physician's, its physician is no longer configured, or
 * its kiosk has another session. */
static const CabineHubSession *
restore (CabineHubRelay *self,
         CabineHubPeer  *peer,
         const char     *session_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *physician = NULL;
  g_autofree char *ended_at = NULL;
  g_autofree char *kiosk_key = NULL;
  g_autofree char *physician_key = NULL;
  gboolean is_kiosk = cabine_hub_peer_get_role (peer) == CABINE_HUB_PEER_ROLE_KIOSK;
  CabineHubSide side = is_kiosk ? CABINE_HUB_SIDE_KIOSK : CABINE_HUB_SIDE_PHYSICIAN;
  const CabineHubSession *s;
  const char *display_name;

  if (self->store == NULL || self->resume_seconds == 0 ||
      g_get_monotonic_time () - self->store_since >= (gint64) self->resume_seconds * G_USEC_PER_SEC)
    return NULL;
  if (!cabine_hub_store_get_consultation (self->store, session_id, &kiosk_id, &physician,
                                          &ended_at, &error))
    {
      if (!g_error_matches (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND))
        g_warning ("cannot look up consultation %s to resume it: %s", session_id, error->message);
      return NULL;
    }
  if (ended_at != NULL ||
      !g_str_equal (is_kiosk ? kiosk_id : physician, cabine_hub_peer_get_name (peer)))
    return NULL;
  display_name = cabine_accounts_get_display_name (self->accounts, physician);
  if (display_name == NULL)
    return NULL;
  kiosk_key = g_strconcat ("kiosk/", kiosk_id, NULL);
  /* Physician keys are per connection and numbered from 1: "/0" is no connection's until the
   * physician resumes and the session takes that connection's key. */
  physician_key = is_kiosk ? g_strdup_printf ("physician/%s/0", physician)
                           : g_strdup (cabine_hub_peer_get_key (peer));
  s = cabine_hub_queue_restore (self->queue, session_id, kiosk_key, kiosk_id, physician_key,
                                physician, display_name, NULL);
  if (s == NULL)
    return NULL;
  start_grace (self, s, other_side (side));
  g_message ("session %s: restored from the store after a restart (%s %s resumed it; the %s has "
             "%u s to resume too)", s->id, side_names[side], who (s, side),
             side_names[other_side (side)], self->resume_seconds);
  return s;
}

/* The restore window closes: a consultation of an earlier run that nobody restored in it can no
 * longer be (restore() refuses it from now on), so the store records it as ended, lest a later
 * restart restore it. The calls in progress now (restored ones included) go on and are kept. */
static gboolean
on_restore_window_closed (gpointer user_data)
{
  CabineHubRelay *self = user_data;
  g_auto(GStrv) keep = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  self->restore_window = 0;
  /* A hub that stops first leaves them restorable by the next one: they may still be going. */
  if (self->closing || self->store == NULL)
    return G_SOURCE_REMOVE;
  keep = cabine_hub_queue_dup_active_ids (self->queue);
  if (!cabine_hub_store_end_unresumed_consultations (self->store, self->started_at,
                                                     (const char * const *) keep, &n, &error))
    g_warning ("cannot record the end of the consultations nobody resumed: %s", error->message);
  else
    g_message ("restore window of %u s closed: %u consultation(s) of an earlier run that nobody "
               "resumed recorded as ended", self->resume_seconds, n);
  cabine_hub_relay_sweep_waiting (self);
  /* Those not back will not come: the kiosks' positions no longer count them. */
  if (self->expected_waiting != NULL)
    {
      gboolean counted = self->expected_waiting->len > 0;

      g_clear_pointer (&self->expected_waiting, g_ptr_array_unref);
      if (counted)
        cabine_hub_relay_broadcast_queue (self, NULL);
    }
  return G_SOURCE_REMOVE;
}

void
cabine_hub_relay_open_restore_window (CabineHubRelay *self)
{
  g_clear_handle_id (&self->restore_window, g_source_remove);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  if (self->store == NULL)
    return;
  self->started_at = g_date_time_new_now_utc ();
  cabine_hub_relay_expect_waiting (self);
  /* resume-seconds=0 restores nothing: the window closes at once. Milliseconds, as the grace
   * timers, so that it does not close before restore() stops restoring. */
  self->restore_window = g_timeout_add_full (G_PRIORITY_DEFAULT, self->resume_seconds * 1000,
                                             on_restore_window_closed, self, NULL);
}

static void
send_resumed (CabineHubPeer          *peer,
              const CabineHubSession *s,
              CabineHubSide           side)
{
  g_autoptr(JsonObject) resumed = cabine_protocol_new_message ("resumed", s->id);

  json_object_set_boolean_member (resumed, "peerPresent", !s->away[other_side (side)]);
  cabine_hub_peer_send (peer, resumed);
}

void
cabine_hub_relay_handle_resume (CabineHubRelay *self,
                                CabineHubPeer  *peer,
                                JsonObject     *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) back = NULL;
  const char *key = cabine_hub_peer_get_key (peer);
  gboolean is_kiosk = cabine_hub_peer_get_role (peer) == CABINE_HUB_PEER_ROLE_KIOSK;
  CabineHubSide side = is_kiosk ? CABINE_HUB_SIDE_KIOSK : CABINE_HUB_SIDE_PHYSICIAN;
  const CabineHubSession *s;
  const char *id;
  gboolean was_away;

  id = cabine_protocol_get_string (msg, "sessionId", TRUE, &error);
  if (id == NULL)
    {
      cabine_hub_peer_send_error (peer, error, "resume");
      return;
    }
  s = cabine_hub_queue_lookup (self->queue, id);
  if (s == NULL)
    {
      s = restore (self, peer, id);
      if (s != NULL)
        {
          send_resumed (peer, s, side);
          return;
        }
    }
  /* A kiosk resumes only its own kiosk's call, a physician only one their account accepted; the
   * same answer for every other case, so as not to tell which sessions exist. */
  if (s == NULL || s->state != CABINE_HUB_SESSION_ACTIVE ||
      (is_kiosk ? !g_str_equal (s->kiosk_key, key)
                : g_strcmp0 (s->physician_user, cabine_hub_peer_get_name (peer)) != 0))
    {
      g_set_error_literal (&error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                           "no call in progress to resume with this session id");
      cabine_hub_peer_send_error (peer, error, "resume");
      return;
    }
  was_away = s->away[side];
  if (!was_away && g_str_equal (key_of (s, side), key))
    {
      /* Already attached on this connection: answered again, nothing changes. */
      send_resumed (peer, s, side);
      return;
    }
  /* A physician's newest connection takes the call over (their keys are per connection). The one
   * that had it, still connected (another tab), is told that it no longer has the call, so that
   * it stops showing it as live; the call itself goes on, with the newest. */
  if (!is_kiosk)
    {
      if (!was_away)
        cabine_hub_relay_send_hangup (self, s->physician_key, s->id, "taken-over");
      cabine_hub_queue_set_physician_key (self->queue, s->id, key);
    }
  stop_grace (self, s, side);
  send_resumed (peer, s, side);
  if (was_away)
    {
      back = cabine_protocol_new_message ("peer-back", s->id);
      send_to_side (self, s, other_side (side), back);
    }
  g_message ("session %s: %s %s resumed%s", s->id, side_names[side], who (s, side),
             was_away ? "" : " from another connection");
}
