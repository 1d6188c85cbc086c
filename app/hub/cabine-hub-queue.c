/* cabine-hub-queue.c: the waiting queue and the consultations in progress, without sockets
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-queue"

#include "cabine-hub-queue.h"

#include <string.h>

#include "cabine-protocol.h"

struct _CabineHubQueue
{
  GObject parent_instance;

  GHashTable *sessions; /* id → CabineHubSession, owned */
  GQueue waiting;       /* CabineHubSession, borrowed; first come first */
};

G_DEFINE_FINAL_TYPE (CabineHubQueue, cabine_hub_queue, G_TYPE_OBJECT)

static void
session_free (gpointer data)
{
  CabineHubSession *s = data;

  g_free (s->id);
  g_free (s->kiosk_key);
  g_free (s->kiosk_id);
  g_free (s->reason);
  g_free (s->language);
  g_date_time_unref (s->waiting_since);
  g_free (s->physician_key);
  g_free (s->physician_name);
  g_free (s->physician_user);
  g_free (s);
}

static void
cabine_hub_queue_finalize (GObject *object)
{
  CabineHubQueue *self = CABINE_HUB_QUEUE (object);

  g_queue_clear (&self->waiting);
  g_hash_table_unref (self->sessions);

  G_OBJECT_CLASS (cabine_hub_queue_parent_class)->finalize (object);
}

static void
cabine_hub_queue_class_init (CabineHubQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_hub_queue_finalize;
}

static void
cabine_hub_queue_init (CabineHubQueue *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, session_free);
  g_queue_init (&self->waiting);
}

CabineHubQueue *
cabine_hub_queue_new (void)
{
  return g_object_new (CABINE_TYPE_HUB_QUEUE, NULL);
}

const CabineHubSession *
cabine_hub_queue_find_by_kiosk (CabineHubQueue *self,
                                const char     *kiosk_key)
{
  GHashTableIter iter;
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (kiosk_key != NULL, NULL);

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    if (g_str_equal (s->kiosk_key, kiosk_key))
      return s;
  return NULL;
}

/* A join's @reason and @language are not too long (else %CABINE_PROTOCOL_ERROR_BAD_FIELD). */
static gboolean
check_request (const char  *reason,
               const char  *language,
               GError     **error)
{
  if (strlen (reason) > CABINE_HUB_QUEUE_MAX_REASON)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"reason\" is longer than %d bytes", CABINE_HUB_QUEUE_MAX_REASON);
      return FALSE;
    }
  if (language != NULL && strlen (language) > CABINE_HUB_QUEUE_MAX_LANGUAGE)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "\"language\" is longer than %d bytes", CABINE_HUB_QUEUE_MAX_LANGUAGE);
      return FALSE;
    }
  return TRUE;
}

static CabineHubSession *
new_waiting (const char *session_id,
             const char *kiosk_key,
             const char *kiosk_id,
             const char *reason,
             const char *language,
             GDateTime  *since)
{
  CabineHubSession *s = g_new0 (CabineHubSession, 1);

  s->id = session_id != NULL ? g_strdup (session_id) : g_uuid_string_random ();
  s->kiosk_key = g_strdup (kiosk_key);
  s->kiosk_id = g_strdup (kiosk_id);
  s->reason = g_strdup (reason);
  s->language = g_strdup (language);
  s->waiting_since = since != NULL ? g_date_time_to_utc (since) : g_date_time_new_now_utc ();
  s->state = CABINE_HUB_SESSION_WAITING;
  return s;
}

const CabineHubSession *
cabine_hub_queue_join (CabineHubQueue *self,
                       const char     *kiosk_key,
                       const char     *kiosk_id,
                       const char     *reason,
                       const char     *language,
                       GDateTime      *now,
                       GError        **error)
{
  const CabineHubSession *existing;
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (kiosk_key != NULL && kiosk_id != NULL && reason != NULL, NULL);

  if (!check_request (reason, language, error))
    return NULL;
  existing = cabine_hub_queue_find_by_kiosk (self, kiosk_key);
  if (existing != NULL)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "this kiosk already has session %s", existing->id);
      return NULL;
    }

  s = new_waiting (NULL, kiosk_key, kiosk_id, reason, language, now);
  g_hash_table_insert (self->sessions, s->id, s);
  g_queue_push_tail (&self->waiting, s);
  return s;
}

/* For g_queue_insert_sorted(), which passes a queued session @a and the new one @b and goes on
 * while this is negative: past every session that joined at the same time or before. */
static gint
joined_no_later (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const CabineHubSession *queued = a;
  const CabineHubSession *restored = b;

  return g_date_time_compare (queued->waiting_since, restored->waiting_since) <= 0 ? -1 : 1;
}

const CabineHubSession *
cabine_hub_queue_restore_waiting (CabineHubQueue *self,
                                  const char     *session_id,
                                  const char     *kiosk_key,
                                  const char     *kiosk_id,
                                  const char     *reason,
                                  const char     *language,
                                  GDateTime      *waiting_since,
                                  GError        **error)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL && kiosk_key != NULL && kiosk_id != NULL, NULL);
  g_return_val_if_fail (reason != NULL && waiting_since != NULL, NULL);

  if (!check_request (reason, language, error))
    return NULL;
  if (g_hash_table_contains (self->sessions, session_id) ||
      cabine_hub_queue_find_by_kiosk (self, kiosk_key) != NULL)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                   "session %s cannot be restored: it or its kiosk has a session already",
                   session_id);
      return NULL;
    }
  s = new_waiting (session_id, kiosk_key, kiosk_id, reason, language, waiting_since);
  g_hash_table_insert (self->sessions, s->id, s);
  g_queue_insert_sorted (&self->waiting, s, joined_no_later, NULL);
  return s;
}

const CabineHubSession *
cabine_hub_queue_rejoin (CabineHubQueue *self,
                         const char     *session_id,
                         const char     *reason,
                         const char     *language,
                         GError        **error)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL && reason != NULL, NULL);

  if (!check_request (reason, language, error))
    return NULL;
  s = g_hash_table_lookup (self->sessions, session_id);
  if (s == NULL || s->state != CABINE_HUB_SESSION_WAITING)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                   "no waiting session %s", session_id);
      return NULL;
    }
  g_free (s->reason);
  s->reason = g_strdup (reason);
  g_free (s->language);
  s->language = g_strdup (language);
  s->away[CABINE_HUB_SIDE_KIOSK] = FALSE;
  return s;
}

const CabineHubSession *
cabine_hub_queue_accept (CabineHubQueue *self,
                         const char     *session_id,
                         const char     *physician_key,
                         const char     *physician_user,
                         const char     *physician_name,
                         GError        **error)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL && physician_key != NULL && physician_user != NULL &&
                        physician_name != NULL, NULL);

  s = g_hash_table_lookup (self->sessions, session_id);
  if (s == NULL)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                   "no session %s", session_id);
      return NULL;
    }
  /* Away: not shown to physicians, so not theirs to take (as if it did not exist). */
  if (s->state == CABINE_HUB_SESSION_WAITING && s->away[CABINE_HUB_SIDE_KIOSK])
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                   "no session %s", session_id);
      return NULL;
    }
  if (s->state != CABINE_HUB_SESSION_WAITING)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_ALREADY_TAKEN,
                   "session %s is already taken", session_id);
      return NULL;
    }
  g_queue_remove (&self->waiting, s);
  s->state = CABINE_HUB_SESSION_ACTIVE;
  s->physician_key = g_strdup (physician_key);
  s->physician_name = g_strdup (physician_name);
  s->physician_user = g_strdup (physician_user);
  return s;
}

const CabineHubSession *
cabine_hub_queue_restore (CabineHubQueue *self,
                          const char     *session_id,
                          const char     *kiosk_key,
                          const char     *kiosk_id,
                          const char     *physician_key,
                          const char     *physician_user,
                          const char     *physician_name,
                          GError        **error)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL && kiosk_key != NULL && kiosk_id != NULL, NULL);
  g_return_val_if_fail (physician_key != NULL && physician_user != NULL && physician_name != NULL,
                        NULL);

  if (g_hash_table_contains (self->sessions, session_id) ||
      cabine_hub_queue_find_by_kiosk (self, kiosk_key) != NULL)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
                   "session %s cannot be restored: it or its kiosk has a session already",
                   session_id);
      return NULL;
    }
  s = g_new0 (CabineHubSession, 1);
  s->id = g_strdup (session_id);
  s->kiosk_key = g_strdup (kiosk_key);
  s->kiosk_id = g_strdup (kiosk_id);
  s->reason = g_strdup ("");
  s->waiting_since = g_date_time_new_now_utc ();
  s->state = CABINE_HUB_SESSION_ACTIVE;
  s->physician_key = g_strdup (physician_key);
  s->physician_user = g_strdup (physician_user);
  s->physician_name = g_strdup (physician_name);
  g_hash_table_insert (self->sessions, s->id, s);
  return s;
}

/* The active session @session_id, or NULL. */
static CabineHubSession *
lookup_active (CabineHubQueue *self,
               const char     *session_id)
{
  CabineHubSession *s = g_hash_table_lookup (self->sessions, session_id);

  return s != NULL && s->state == CABINE_HUB_SESSION_ACTIVE ? s : NULL;
}

gboolean
cabine_hub_queue_set_away (CabineHubQueue *self,
                           const char     *session_id,
                           CabineHubSide   side,
                           gboolean        away)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (side == CABINE_HUB_SIDE_KIOSK || side == CABINE_HUB_SIDE_PHYSICIAN, FALSE);

  s = g_hash_table_lookup (self->sessions, session_id);
  if (s == NULL || (s->state == CABINE_HUB_SESSION_WAITING && side != CABINE_HUB_SIDE_KIOSK))
    return FALSE;
  s->away[side] = away;
  return TRUE;
}

gboolean
cabine_hub_queue_set_physician_key (CabineHubQueue *self,
                                    const char     *session_id,
                                    const char     *physician_key)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && physician_key != NULL, FALSE);

  if ((s = lookup_active (self, session_id)) == NULL)
    return FALSE;
  g_free (s->physician_key);
  s->physician_key = g_strdup (physician_key);
  return TRUE;
}

const char *
cabine_hub_queue_route (CabineHubQueue *self,
                        const char     *session_id,
                        const char     *from_key,
                        GError        **error)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL && from_key != NULL, NULL);

  s = g_hash_table_lookup (self->sessions, session_id);
  if (s != NULL && s->state == CABINE_HUB_SESSION_ACTIVE)
    {
      if (g_str_equal (from_key, s->kiosk_key))
        return s->physician_key;
      if (g_str_equal (from_key, s->physician_key))
        return s->kiosk_key;
    }
  g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
               "no call in progress with session %s", session_id);
  return NULL;
}

const CabineHubSession *
cabine_hub_queue_lookup (CabineHubQueue *self,
                         const char     *session_id)
{
  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  return g_hash_table_lookup (self->sessions, session_id);
}

GPtrArray *
cabine_hub_queue_list_for_peer (CabineHubQueue *self,
                                const char     *peer_key)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), ids);
  g_return_val_if_fail (peer_key != NULL, ids);

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    if (g_str_equal (s->kiosk_key, peer_key) || g_strcmp0 (s->physician_key, peer_key) == 0)
      g_ptr_array_add (ids, g_strdup (s->id));
  return ids;
}

gboolean
cabine_hub_queue_end (CabineHubQueue *self,
                      const char     *session_id)
{
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  s = g_hash_table_lookup (self->sessions, session_id);
  if (s == NULL)
    return FALSE;
  if (s->state == CABINE_HUB_SESSION_WAITING)
    g_queue_remove (&self->waiting, s);
  g_hash_table_remove (self->sessions, session_id);
  return TRUE;
}

GPtrArray *
cabine_hub_queue_get_waiting (CabineHubQueue *self)
{
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), out);

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (!((CabineHubSession *) l->data)->away[CABINE_HUB_SIDE_KIOSK])
      g_ptr_array_add (out, l->data);
  return out;
}

guint
cabine_hub_queue_get_length (CabineHubQueue *self)
{
  guint n = 0;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), 0);

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (!((CabineHubSession *) l->data)->away[CABINE_HUB_SIDE_KIOSK])
      n++;
  return n;
}

guint
cabine_hub_queue_get_position (CabineHubQueue *self,
                               const char     *session_id)
{
  guint pos = 1;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), 0);
  g_return_val_if_fail (session_id != NULL, 0);

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    {
      const CabineHubSession *s = l->data;

      if (s->away[CABINE_HUB_SIDE_KIOSK])
        continue;
      if (g_str_equal (s->id, session_id))
        return pos;
      pos++;
    }
  return 0;
}

guint
cabine_hub_queue_get_n_active (CabineHubQueue *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), 0);
  return g_hash_table_size (self->sessions) - self->waiting.length;
}

char **
cabine_hub_queue_dup_active_ids (CabineHubQueue *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  CabineHubSession *s;

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    if (s->state == CABINE_HUB_SESSION_ACTIVE)
      g_ptr_array_add (ids, g_strdup (s->id));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

char **
cabine_hub_queue_dup_waiting_ids (CabineHubQueue *self)
{
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (CABINE_IS_HUB_QUEUE (self), NULL);

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    g_ptr_array_add (ids, g_strdup (((CabineHubSession *) l->data)->id));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}
