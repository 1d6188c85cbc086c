/* cabine-hub-relay-waiting.c: joining the queue, and a waiting patient's place kept across a
 * dropped kiosk connection or a hub restart
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Queue (kiosk side)": a waiting session whose kiosk's socket closes is kept
 * away for `[hub] resume-seconds` (hidden from physicians, not counted, not acceptable) until its
 * kiosk joins again with its `sessionId`; a restarted hub restores, during its first resume-seconds,
 * a waiting session its store lists, with its original place. The store keeps only the session
 * id, the kiosk id and the join time. Logging: session ids and kiosk ids only, never the reason or
 * the questionnaire (patient data).
 */
#define G_LOG_DOMAIN "cabine-hub-relay"

#include "cabine-hub-relay-private.h"

/* Largest questionnaire kept from a join-queue, serialised, in bytes. */
#define MAX_QUESTIONNAIRE 16384

/* Longest `sessionId` of a join-queue, in bytes (the hub's are 36-byte UUIDs). */
#define MAX_SESSION_ID 64

/* The data of one away waiting session's timer; the relay is borrowed: the timers are all removed
 * when it is disposed (cabine_hub_relay_waiting_timer_remove()). */
typedef struct {
  CabineHubRelay *relay;
  char *session_id;
} AwayTimer;

static void
away_timer_free (gpointer data)
{
  AwayTimer *t = data;

  g_free (t->session_id);
  g_free (t);
}

void
cabine_hub_relay_waiting_timer_remove (gpointer data)
{
  guint id = GPOINTER_TO_UINT (data);

  g_source_remove (id);
}

void
cabine_hub_relay_forget_waiting (CabineHubRelay *self,
                                 const char     *session_id)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->waiting_away, session_id);
  if (self->store != NULL && !cabine_hub_store_delete_waiting (self->store, session_id, &error))
    g_warning ("cannot forget waiting session %s in the store: %s", session_id, error->message);
}

/* Notes @s, waiting, in the store: a restarted hub may then give it back its place. */
static void
note_waiting (CabineHubRelay         *self,
              const CabineHubSession *s)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !cabine_hub_store_put_waiting (self->store, s->id, s->kiosk_id, s->waiting_since, &error))
    g_warning ("cannot note waiting session %s in the store: %s", s->id, error->message);
}

static gboolean
on_away_expired (gpointer user_data)
{
  AwayTimer *t = user_data;
  CabineHubRelay *self = t->relay;
  const CabineHubSession *s;
  g_autofree char *key = NULL;

  /* This source is being dispatched: it is not to be removed again. */
  g_hash_table_steal_extended (self->waiting_away, t->session_id, (gpointer *) &key, NULL);
  s = cabine_hub_queue_lookup (self->queue, t->session_id);
  if (s == NULL || s->state != CABINE_HUB_SESSION_WAITING)
    return G_SOURCE_REMOVE;
  /* Away, it was neither shown nor counted: the others' positions do not change. */
  g_message ("session %s left the queue: kiosk disconnected (not back within %u s)", s->id,
             self->resume_seconds);
  cabine_hub_relay_end_session (self, t->session_id);
  return G_SOURCE_REMOVE;
}

void
cabine_hub_relay_waiting_gone (CabineHubRelay *self,
                               const char     *session_id)
{
  const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, session_id);
  AwayTimer *t;
  guint id;

  g_return_if_fail (s != NULL && s->state == CABINE_HUB_SESSION_WAITING);

  if (self->resume_seconds == 0)
    {
      g_message ("session %s left the queue: kiosk disconnected", session_id);
      cabine_hub_relay_end_session (self, session_id);
      return;
    }
  if (s->away[CABINE_HUB_SIDE_KIOSK])
    return;
  cabine_hub_queue_set_away (self->queue, session_id, CABINE_HUB_SIDE_KIOSK, TRUE);
  t = g_new0 (AwayTimer, 1);
  t->relay = self;
  t->session_id = g_strdup (session_id);
  /* Milliseconds: g_timeout_add_seconds() may fire a one-second timer early. */
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->resume_seconds * 1000, on_away_expired, t,
                           away_timer_free);
  g_hash_table_replace (self->waiting_away, g_strdup (session_id), GUINT_TO_POINTER (id));
  g_message ("session %s: kiosk %s disconnected while waiting: its place is kept for %u s",
             session_id, s->kiosk_id, self->resume_seconds);
}

/* At the restore window's opening: the earlier run's waiting sessions, which their kiosks may
 * claim back; until then, the positions told to the kiosks already back count them, so that the
 * first kiosk back is not told it is next and then moved back as the others return. */
void
cabine_hub_relay_expect_waiting (CabineHubRelay *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->expected_waiting, g_ptr_array_unref);
  if (self->store == NULL || self->resume_seconds == 0)
    return;
  self->expected_waiting = cabine_hub_store_list_waiting (self->store, &error);
  if (self->expected_waiting == NULL)
    g_warning ("cannot list the waiting sessions of an earlier run: %s", error->message);
  else if (self->expected_waiting->len > 0)
    g_message ("%u waiting session(s) of an earlier run may come back within %u s",
               self->expected_waiting->len, self->resume_seconds);
}

/* Kiosk @kiosk_id has joined (its session restored, or a new one): none of its earlier run's
 * sessions is still to come (a kiosk has one session). */
void
cabine_hub_relay_waiting_back (CabineHubRelay *self,
                               const char     *kiosk_id)
{
  if (self->expected_waiting == NULL)
    return;
  for (guint i = self->expected_waiting->len; i > 0; i--)
    {
      CabineHubStoreWaiting *w = g_ptr_array_index (self->expected_waiting, i - 1);

      if (g_str_equal (w->kiosk_id, kiosk_id))
        g_ptr_array_remove_index_fast (self->expected_waiting, i - 1);
    }
}

void
cabine_hub_relay_count_expected (CabineHubRelay *self,
                                 GDateTime      *waiting_since,
                                 guint          *ahead,
                                 guint          *total)
{
  *ahead = 0;
  *total = self->expected_waiting != NULL ? self->expected_waiting->len : 0;
  for (guint i = 0; i < *total; i++)
    {
      CabineHubStoreWaiting *w = g_ptr_array_index (self->expected_waiting, i);

      if (g_date_time_compare (w->waiting_since, waiting_since) < 0)
        (*ahead)++;
    }
}

void
cabine_hub_relay_sweep_waiting (CabineHubRelay *self)
{
  g_auto(GStrv) keep = cabine_hub_queue_dup_waiting_ids (self->queue);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!cabine_hub_store_delete_waiting_except (self->store, (const char * const *) keep, &n,
                                               &error))
    g_warning ("cannot forget the waiting sessions nobody restored: %s", error->message);
  else
    g_message ("restore window of %u s closed: %u waiting session(s) of an earlier run that "
               "nobody restored forgotten", self->resume_seconds, n);
}

/* join-queue's optional "questionnaire": a JSON object of at most MAX_QUESTIONNAIRE bytes once
 * serialised (the kiosk sends its cabine-questionnaire.c answers). Kept while the session lives
 * and relayed to physicians in its queue entry; never logged (patient data). */
static gboolean
check_questionnaire (JsonObject  *msg,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (msg, "questionnaire");
  g_autofree char *text = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"questionnaire\" must be an object");
      return FALSE;
    }
  text = cabine_json_to_string (node, FALSE);
  if (strlen (text) > MAX_QUESTIONNAIRE)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"questionnaire\" is larger than %d bytes", MAX_QUESTIONNAIRE);
      return FALSE;
    }
  return TRUE;
}

/* join-queue's optional "sessionId": absent, or a string of at most MAX_SESSION_ID bytes (null,
 * like any other non-string, is refused). */
static const char *
get_claimed_id (JsonObject  *msg,
                GError     **error)
{
  JsonNode *node = json_object_get_member (msg, "sessionId");
  const char *id;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"sessionId\" must be a string");
      return NULL;
    }
  id = cabine_protocol_get_string (msg, "sessionId", FALSE, error);

  if (id != NULL && strlen (id) > MAX_SESSION_ID)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"sessionId\" is longer than %d bytes", MAX_SESSION_ID);
      return NULL;
    }
  return id;
}

/* The waiting session @id of a previous run, from the store, back in the queue for @peer; NULL
 * when there is none to restore: no store, resume-seconds 0, the restore window (the first
 * resume-seconds since the store was set) has passed, the store does not list @id as waiting, or
 * lists it for another kiosk. */
static const CabineHubSession *
restore_waiting (CabineHubRelay *self,
                 CabineHubPeer  *peer,
                 const char     *id,
                 const char     *reason,
                 const char     *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *kiosk_id = NULL;

  if (self->store == NULL || self->resume_seconds == 0 ||
      g_get_monotonic_time () - self->store_since >= (gint64) self->resume_seconds * G_USEC_PER_SEC)
    return NULL;
  if (!cabine_hub_store_get_waiting (self->store, id, &kiosk_id, &since, &error))
    {
      if (!g_error_matches (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND))
        g_warning ("cannot look up waiting session %s to restore it: %s", id, error->message);
      return NULL;
    }
  if (!g_str_equal (kiosk_id, cabine_hub_peer_get_name (peer)))
    return NULL;
  return cabine_hub_queue_restore_waiting (self->queue, id, cabine_hub_peer_get_key (peer),
                                           kiosk_id, reason, language, since, NULL);
}

/* Before @peer's join: a call of its kiosk that waits for its resume is lost (the kiosk restarted)
 * and ends; so does a waiting session of its kiosk that is away and not the one it claims back
 * (@claimed_id, nullable): the kiosk has a new patient (away, it was not shown: nobody is told). */
static void
end_lost_session (CabineHubRelay *self,
                  CabineHubPeer  *peer,
                  const char     *claimed_id)
{
  const CabineHubSession *old = cabine_hub_queue_find_by_kiosk (self->queue,
                                                                cabine_hub_peer_get_key (peer));
  g_autofree char *old_id = NULL;

  if (old == NULL || !old->away[CABINE_HUB_SIDE_KIOSK])
    return;
  old_id = g_strdup (old->id);
  if (old->state == CABINE_HUB_SESSION_ACTIVE)
    {
      if (!old->away[CABINE_HUB_SIDE_PHYSICIAN])
        cabine_hub_relay_send_hangup (self, old->physician_key, old_id, "peer-disconnected");
      g_message ("session %s: kiosk %s joined the queue instead of resuming: ended", old_id,
                 old->kiosk_id);
      cabine_hub_relay_end_session (self, old_id);
      return;
    }
  if (g_strcmp0 (claimed_id, old_id) == 0)
    return;
  g_message ("session %s left the queue: kiosk %s joined again without it", old_id, old->kiosk_id);
  cabine_hub_relay_end_session (self, old_id);
}

void
cabine_hub_relay_handle_join_queue (CabineHubRelay *self,
                                    CabineHubPeer  *peer,
                                    JsonObject     *msg)
{
  g_autoptr(GError) error = NULL;
  const CabineHubSession *s = NULL;
  const char *key = cabine_hub_peer_get_key (peer);
  const char *how = "joined the queue";
  const char *reason;
  const char *language = NULL;
  const char *claimed_id = NULL;

  if (!check_role (peer, "join-queue", CABINE_HUB_PEER_ROLE_KIOSK))
    return;
  if ((reason = get_string (peer, msg, "join-queue", "reason", TRUE)) == NULL)
    return;
  language = cabine_protocol_get_string (msg, "language", FALSE, &error);
  if (error == NULL)
    claimed_id = get_claimed_id (msg, &error);
  if (error == NULL)
    check_questionnaire (msg, &error);
  if (error != NULL)
    {
      cabine_hub_peer_send_error (peer, error, "join-queue");
      return;
    }
  end_lost_session (self, peer, claimed_id);

  if (claimed_id != NULL)
    {
      const CabineHubSession *claimed = cabine_hub_queue_lookup (self->queue, claimed_id);

      /* Its own kiosk's waiting session, away (or already on this connection): its place back. */
      if (claimed != NULL && claimed->state == CABINE_HUB_SESSION_WAITING &&
          g_str_equal (claimed->kiosk_key, key))
        {
          s = cabine_hub_queue_rejoin (self->queue, claimed_id, reason, language, &error);
          if (s != NULL)
            {
              g_hash_table_remove (self->waiting_away, s->id);
              how = "is back in the queue, in its place";
            }
        }
      else if (claimed == NULL)
        {
          s = restore_waiting (self, peer, claimed_id, reason, language);
          if (s != NULL)
            how = "is back in the queue in its place, restored from the store after a restart";
        }
    }
  /* Otherwise (unknown, another kiosk's, expired, accepted meanwhile): an ordinary join. */
  if (s == NULL && error == NULL)
    s = cabine_hub_queue_join (self->queue, key, cabine_hub_peer_get_name (peer), reason, language,
                               NULL, &error);
  if (s == NULL)
    {
      cabine_hub_peer_send_error (peer, error, "join-queue");
      return;
    }
  g_message ("session %s: kiosk %s %s", s->id, s->kiosk_id, how);
  cabine_hub_relay_waiting_back (self, s->kiosk_id);
  note_waiting (self, s);
  /* From this join only, never from before (the kiosk sends them again). */
  if (json_object_has_member (msg, "questionnaire"))
    g_hash_table_replace (self->questionnaires, g_strdup (s->id),
                          json_object_ref (json_object_get_object_member (msg, "questionnaire")));
  else
    g_hash_table_remove (self->questionnaires, s->id);
  cabine_hub_relay_send_position (self, peer, "queued", s->id);
  cabine_hub_relay_broadcast_queue (self, s->id);
}
