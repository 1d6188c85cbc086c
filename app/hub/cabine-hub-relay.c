/* cabine-hub-relay.c: the signalling relay: hello, queue, accept, call messages, hangup
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logging: session ids, kiosk ids, usernames and message types only; never a consultation reason,
 * an SDP, a candidate or a kiosk's refusal reason at message level (patient data).
 */
#define G_LOG_DOMAIN "cabine-hub-relay"

#include "cabine-hub-relay.h"

#include <string.h>

#include "cabine-hub-relay-private.h"

G_DEFINE_FINAL_TYPE (CabineHubRelay, cabine_hub_relay, G_TYPE_OBJECT)

enum { SIGNAL_SESSION_ACCEPTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const hangup_reasons[] = {
  "physician-ended", "patient-ended", "peer-disconnected", "call-failed", NULL
};

static void on_peer_message (CabineHubPeer *peer, const char *type, JsonObject *msg,
                             const char *text, gpointer user_data);
static void on_peer_closed (CabineHubPeer *peer, gpointer user_data);

static void
cabine_hub_relay_dispose (GObject *object)
{
  CabineHubRelay *self = CABINE_HUB_RELAY (object);

  if (self->peers != NULL)
    {
      for (guint i = 0; i < self->peers->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->peers, i), self);
      g_clear_pointer (&self->by_key, g_hash_table_unref);
      g_clear_pointer (&self->peers, g_ptr_array_unref);
    }
  /* Before the queue and the store: the timers read them. */
  g_clear_pointer (&self->grace, g_hash_table_unref);
  g_clear_pointer (&self->waiting_away, g_hash_table_unref);
  g_clear_handle_id (&self->restore_window, g_source_remove);
  g_clear_pointer (&self->expected_waiting, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->queue);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (cabine_hub_relay_parent_class)->dispose (object);
}

static void
cabine_hub_relay_finalize (GObject *object)
{
  CabineHubRelay *self = CABINE_HUB_RELAY (object);

  g_strfreev (self->ice_servers);
  g_hash_table_unref (self->questionnaires);
  g_free (self->turn_username);
  g_free (self->turn_credential);
  g_free (self->turn_secret);
  g_clear_pointer (&self->started_at, g_date_time_unref);

  G_OBJECT_CLASS (cabine_hub_relay_parent_class)->finalize (object);
}

static void
cabine_hub_relay_class_init (CabineHubRelayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_hub_relay_dispose;
  object_class->finalize = cabine_hub_relay_finalize;

  signals[SIGNAL_SESSION_ACCEPTED] =
    g_signal_new ("session-accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cabine_hub_relay_init (CabineHubRelay *self)
{
  self->queue = cabine_hub_queue_new ();
  self->peers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_object_unref);
  self->grace = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       cabine_hub_relay_grace_free);
  self->waiting_away = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              cabine_hub_relay_waiting_timer_remove);
  self->resume_seconds = CABINE_HUB_RELAY_DEFAULT_RESUME_SECONDS;
}

CabineHubRelay *
cabine_hub_relay_new (CabineAccounts     *accounts,
                      const char * const *ice_servers)
{
  CabineHubRelay *self;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (CABINE_TYPE_HUB_RELAY, NULL);
  self->accounts = g_object_ref (accounts);
  self->ice_servers = ice_servers != NULL ? g_strdupv ((GStrv) ice_servers) : g_new0 (char *, 1);
  return self;
}

void
cabine_hub_relay_add_connection (CabineHubRelay          *self,
                                 SoupWebsocketConnection *connection)
{
  CabineHubPeer *peer;

  g_return_if_fail (CABINE_IS_HUB_RELAY (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  peer = cabine_hub_peer_new (connection, CABINE_HUB_RELAY_KEEPALIVE);
  g_signal_connect (peer, "message", G_CALLBACK (on_peer_message), self);
  g_signal_connect (peer, "closed", G_CALLBACK (on_peer_closed), self);
  g_ptr_array_add (self->peers, peer);
  g_debug ("%s: connected", cabine_hub_peer_get_label (peer));
}

void
cabine_hub_relay_set_resume_seconds (CabineHubRelay *self,
                                     guint           seconds)
{
  g_return_if_fail (CABINE_IS_HUB_RELAY (self));
  g_return_if_fail (seconds <= G_MAXUINT / 1000);
  self->resume_seconds = seconds;
}

void
cabine_hub_relay_set_store (CabineHubRelay *self,
                            CabineHubStore *store)
{
  g_return_if_fail (CABINE_IS_HUB_RELAY (self));
  g_return_if_fail (store == NULL || CABINE_IS_HUB_STORE (store));

  g_set_object (&self->store, store);
  self->store_since = g_get_monotonic_time ();
  cabine_hub_relay_open_restore_window (self);
}

CabineHubQueue *
cabine_hub_relay_get_queue (CabineHubRelay *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_RELAY (self), NULL);
  return self->queue;
}

static guint
count_role (CabineHubRelay    *self,
            CabineHubPeerRole  role)
{
  GHashTableIter iter;
  CabineHubPeer *peer;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->by_key);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &peer))
    if (cabine_hub_peer_get_role (peer) == role)
      n++;
  return n;
}

guint
cabine_hub_relay_get_n_kiosks (CabineHubRelay *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_RELAY (self), 0);
  return count_role (self, CABINE_HUB_PEER_ROLE_KIOSK);
}

guint
cabine_hub_relay_get_n_physicians (CabineHubRelay *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_RELAY (self), 0);
  return count_role (self, CABINE_HUB_PEER_ROLE_PHYSICIAN);
}

void
cabine_hub_relay_close_all (CabineHubRelay *self)
{
  g_autoptr(GPtrArray) peers = NULL;

  g_return_if_fail (CABINE_IS_HUB_RELAY (self));

  /* The hub stops: its calls go on peer to peer and may be resumed from the store by the next
   * hub, so the sockets closing now neither end sessions nor tell anyone. */
  self->closing = TRUE;
  peers = g_ptr_array_copy (self->peers, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (peers, g_object_unref);
  for (guint i = 0; i < peers->len; i++)
    cabine_hub_peer_close (g_ptr_array_index (peers, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                           "hub shutting down");
}

/* ---- outgoing messages ---- */

static JsonArray *
ice_servers_json (CabineHubRelay *self)
{
  JsonArray *array = json_array_new ();

  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;

  if (self->turn_secret != NULL)
    {
      /* draft-uberti-behave-turn-rest-00 §2.2: username = expiry timestamp ":" user id,
       * password = base64 (HMAC-SHA1 (shared secret, username)); coturn's use-auth-secret. */
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) self->turn_secret,
                                          strlen (self->turn_secret));
      guint8 digest[20];
      gsize digest_len = sizeof digest;

      username = g_strdup_printf ("%" G_GINT64_FORMAT ":cabine",
                                  g_get_real_time () / G_USEC_PER_SEC + self->turn_ttl);
      g_hmac_update (hmac, (const guchar *) username, strlen (username));
      g_hmac_get_digest (hmac, digest, &digest_len);
      credential = g_base64_encode (digest, digest_len);
    }
  else if (self->turn_username != NULL)
    {
      username = g_strdup (self->turn_username);
      credential = g_strdup (self->turn_credential);
    }

  for (guint i = 0; self->ice_servers[i] != NULL; i++)
    {
      JsonObject *server = json_object_new ();

      json_object_set_string_member (server, "urls", self->ice_servers[i]);
      if (username != NULL && g_str_has_prefix (self->ice_servers[i], "turn"))
        {
          json_object_set_string_member (server, "username", username);
          json_object_set_string_member (server, "credential", credential);
        }
      json_array_add_object_element (array, server);
    }
  return array;
}

void
cabine_hub_relay_set_turn_auth (CabineHubRelay *self,
                                const char     *username,
                                const char     *credential,
                                const char     *secret,
                                guint           ttl)
{
  g_return_if_fail (CABINE_IS_HUB_RELAY (self));
  g_return_if_fail ((username == NULL) == (credential == NULL));

  g_free (self->turn_username);
  g_free (self->turn_credential);
  g_free (self->turn_secret);
  self->turn_username = g_strdup (username);
  self->turn_credential = g_strdup (credential);
  self->turn_secret = g_strdup (secret);
  self->turn_ttl = ttl;
}

static JsonObject *
queue_snapshot (CabineHubRelay *self)
{
  g_autoptr(GPtrArray) waiting = cabine_hub_queue_get_waiting (self->queue);
  JsonObject *msg = cabine_protocol_new_message ("queue", NULL);
  JsonArray *entries = json_array_new ();

  for (guint i = 0; i < waiting->len; i++)
    {
      const CabineHubSession *s = g_ptr_array_index (waiting, i);
      JsonObject *entry = json_object_new ();
      g_autofree char *since = g_date_time_format (s->waiting_since, "%Y-%m-%dT%H:%M:%SZ");

      json_object_set_string_member (entry, "sessionId", s->id);
      json_object_set_string_member (entry, "kioskId", s->kiosk_id);
      json_object_set_string_member (entry, "reason", s->reason);
      if (s->language != NULL)
        json_object_set_string_member (entry, "language", s->language);
      json_object_set_string_member (entry, "waitingSince", since);
      if (g_hash_table_contains (self->questionnaires, s->id))
        json_object_set_object_member (entry, "questionnaire",
                                       json_object_ref (g_hash_table_lookup (self->questionnaires, s->id)));
      json_array_add_object_element (entries, entry);
    }
  json_object_set_array_member (msg, "entries", entries);
  return msg;
}

void
cabine_hub_relay_send_position (CabineHubRelay *self,
                                CabineHubPeer  *peer,
                                const char     *type,
                                const char     *session_id)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message (type, session_id);
  const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, session_id);
  guint ahead = 0, expected = 0;

  /* Sessions of an earlier run that may still come back count too (restore window). */
  if (s != NULL)
    cabine_hub_relay_count_expected (self, s->waiting_since, &ahead, &expected);
  json_object_set_int_member (msg, "position",
                              cabine_hub_queue_get_position (self->queue, session_id) + ahead);
  json_object_set_int_member (msg, "queueLength",
                              cabine_hub_queue_get_length (self->queue) + expected);
  cabine_hub_peer_send (peer, msg);
}

void
cabine_hub_relay_broadcast_queue (CabineHubRelay *self,
                                  const char     *skip_session_id)
{
  g_autoptr(JsonObject) snapshot = queue_snapshot (self);
  g_autofree char *text = cabine_protocol_serialize (snapshot);
  g_autoptr(GPtrArray) waiting = cabine_hub_queue_get_waiting (self->queue);
  GHashTableIter iter;
  CabineHubPeer *peer;

  g_hash_table_iter_init (&iter, self->by_key);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &peer))
    if (cabine_hub_peer_get_role (peer) == CABINE_HUB_PEER_ROLE_PHYSICIAN)
      cabine_hub_peer_send_text (peer, text);

  for (guint i = 0; i < waiting->len; i++)
    {
      const CabineHubSession *s = g_ptr_array_index (waiting, i);

      if (g_strcmp0 (s->id, skip_session_id) == 0)
        continue;
      peer = g_hash_table_lookup (self->by_key, s->kiosk_key);
      if (peer != NULL)
        cabine_hub_relay_send_position (self, peer, "queue-position", s->id);
    }
}

void
cabine_hub_relay_send_hangup (CabineHubRelay *self,
                              const char     *peer_key,
                              const char     *session_id,
                              const char     *reason)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("hangup", session_id);
  CabineHubPeer *peer = g_hash_table_lookup (self->by_key, peer_key);

  if (peer == NULL)
    return;
  json_object_set_string_member (msg, "reason", reason);
  cabine_hub_peer_send (peer, msg);
}

/* The connection of @peer is gone (closed, or replaced by a kiosk's newer one): its waiting
 * session and its calls keep it away until it claims them back (cabine_hub_relay_waiting_gone(),
 * cabine_hub_relay_peer_gone()), and its key is forgotten. */
static void
detach_peer (CabineHubRelay *self,
             CabineHubPeer  *peer)
{
  const char *key = cabine_hub_peer_get_key (peer);
  g_autoptr(GPtrArray) ids = NULL;
  gboolean queue_changed = FALSE;

  if (key == NULL || g_hash_table_lookup (self->by_key, key) != peer)
    return;
  if (self->closing)
    {
      g_hash_table_remove (self->by_key, key);
      return;
    }

  ids = cabine_hub_queue_list_for_peer (self->queue, key);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const CabineHubSession *s = cabine_hub_queue_lookup (self->queue, id);

      if (s->state == CABINE_HUB_SESSION_WAITING)
        {
          /* Away or gone, it is no longer shown to physicians. */
          queue_changed = TRUE;
          cabine_hub_relay_waiting_gone (self, id);
        }
      else
        cabine_hub_relay_peer_gone (self, id, cabine_hub_relay_side_of (s, key));
    }
  g_hash_table_remove (self->by_key, key);
  if (queue_changed)
    cabine_hub_relay_broadcast_queue (self, NULL);
}

static void
on_peer_closed (CabineHubPeer *peer,
                gpointer       user_data)
{
  CabineHubRelay *self = user_data;

  detach_peer (self, peer);
  g_signal_handlers_disconnect_by_data (peer, self);
  g_ptr_array_remove (self->peers, peer);
}

/* ---- incoming messages ---- */

/* Longest text from the network written in a log line, in bytes (before escaping). */
#define MAX_LOGGED 64

/* @text, which comes from the network, fit for a log line: at most MAX_LOGGED bytes (then "…"),
 * with control characters, quotes, backslashes and non-ASCII bytes escaped as in C ("\n",
 * "\303"), so that it can neither forge a line nor hide in one. */
static char *
loggable (const char *text)
{
  g_autofree char *head = g_strndup (text, MAX_LOGGED);
  g_autofree char *escaped = g_strescape (head, NULL);

  if (strlen (text) > MAX_LOGGED)
    return g_strconcat (escaped, "…", NULL);
  return g_steal_pointer (&escaped);
}

static void
reject_hello_because (CabineHubPeer *peer,
                      const char    *why)
{
  refuse (peer, "hello", CABINE_PROTOCOL_ERROR_NOT_AUTHORIZED, why);
  cabine_hub_peer_close (peer, CABINE_HUB_CLOSE_NOT_AUTHORIZED, "not authorized");
}

static void
reject_hello (CabineHubPeer *peer)
{
  reject_hello_because (peer, "invalid credentials");
}

static void
handle_hello (CabineHubRelay *self,
              CabineHubPeer  *peer,
              JsonObject     *msg)
{
  g_autoptr(JsonObject) welcome = cabine_protocol_new_message ("welcome", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char *role;
  const char *token;
  CabineHubPeer *old;

  if (cabine_hub_peer_get_role (peer) != CABINE_HUB_PEER_ROLE_NONE)
    {
      refuse (peer, "hello", CABINE_PROTOCOL_ERROR_BAD_FIELD, "already authenticated");
      return;
    }
  if ((role = get_string (peer, msg, "hello", "role", TRUE)) == NULL ||
      (token = get_string (peer, msg, "hello", "token", TRUE)) == NULL)
    return;

  if (g_str_equal (role, "kiosk"))
    {
      const char *kiosk_id = get_string (peer, msg, "hello", "kioskId", TRUE);

      if (kiosk_id == NULL)
        return;
      if (cabine_protocol_get_string (msg, "version", FALSE, &error) == NULL && error != NULL)
        {
          cabine_hub_peer_send_error (peer, error, "hello");
          return;
        }
      if (!cabine_accounts_verify_kiosk (self->accounts, kiosk_id, token, &error))
        {
          g_autofree char *logged_id = loggable (kiosk_id);

          g_message ("%s: kiosk hello refused for kiosk id \"%s\": %s",
                     cabine_hub_peer_get_label (peer), logged_id, error->message);
          /* The kiosk is not told which: it would tell anyone which kiosk ids exist. */
          reject_hello (peer);
          return;
        }
      key = g_strconcat ("kiosk/", kiosk_id, NULL);
      old = g_hash_table_lookup (self->by_key, key);
      if (old != NULL)
        {
          g_message ("kiosk %s reconnected: closing its older connection", kiosk_id);
          detach_peer (self, old);
          cabine_hub_peer_close (old, CABINE_HUB_CLOSE_REPLACED, "replaced by a new connection");
        }
      cabine_hub_peer_set_identity (peer, CABINE_HUB_PEER_ROLE_KIOSK, key, kiosk_id, NULL);
      g_hash_table_insert (self->by_key, g_strdup (key), peer);
      json_object_set_string_member (welcome, "role", "kiosk");
      json_object_set_string_member (welcome, "kioskId", kiosk_id);
      cabine_hub_peer_send (peer, welcome);
      g_message ("%s: kiosk %s signed in", cabine_hub_peer_get_label (peer), kiosk_id);
    }
  else if (g_str_equal (role, "physician"))
    {
      const char *username = NULL;
      const char *display_name = NULL;
      g_autoptr(JsonObject) snapshot = NULL;

      g_autoptr(GError) denied = NULL;

      if (!cabine_accounts_lookup_token (self->accounts, token, &username, &display_name, &denied))
        {
          g_message ("%s: physician hello refused: %s", cabine_hub_peer_get_label (peer),
                     denied->message);
          /* An expired sign-in says so; anything else says no more than "invalid credentials". */
          reject_hello_because (peer, denied->message);
          return;
        }
      key = g_strdup_printf ("physician/%s/%u", username, ++self->physician_serial);
      cabine_hub_peer_set_identity (peer, CABINE_HUB_PEER_ROLE_PHYSICIAN, key, username,
                                    display_name);
      g_hash_table_insert (self->by_key, g_strdup (key), peer);
      json_object_set_string_member (welcome, "role", "physician");
      json_object_set_string_member (welcome, "displayName", display_name);
      cabine_hub_peer_send (peer, welcome);
      snapshot = queue_snapshot (self);
      cabine_hub_peer_send (peer, snapshot);
      g_message ("%s: physician %s signed in", cabine_hub_peer_get_label (peer), username);
    }
  else
    refuse (peer, "hello", CABINE_PROTOCOL_ERROR_BAD_FIELD,
            "\"role\" must be \"kiosk\" or \"physician\"");
}

/* Ends @s, abandoned by its kiosk (leave-queue, or hangup while waiting); a physician already
 * in the call gets a hangup with @reason. */
static void
kiosk_abandons (CabineHubRelay         *self,
                const CabineHubSession *s,
                const char             *reason)
{
  g_autofree char *id = g_strdup (s->id);
  gboolean waiting = s->state == CABINE_HUB_SESSION_WAITING;

  if (!waiting && !s->away[CABINE_HUB_SIDE_PHYSICIAN])
    cabine_hub_relay_send_hangup (self, s->physician_key, id, reason);
  cabine_hub_relay_end_session (self, id);
  g_message ("session %s ended by the kiosk", id);
  if (waiting)
    cabine_hub_relay_broadcast_queue (self, NULL);
}

static void
handle_leave_queue (CabineHubRelay *self,
                    CabineHubPeer  *peer,
                    JsonObject     *msg)
{
  const CabineHubSession *s;
  const char *id;

  if (!check_role (peer, "leave-queue", CABINE_HUB_PEER_ROLE_KIOSK))
    return;
  if ((id = get_string (peer, msg, "leave-queue", "sessionId", TRUE)) == NULL)
    return;
  s = cabine_hub_queue_lookup (self->queue, id);
  if (s == NULL || !g_str_equal (s->kiosk_key, cabine_hub_peer_get_key (peer)))
    {
      refuse (peer, "leave-queue", CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION, "no such session");
      return;
    }
  /* A physician may have accepted just before: then the call ends as patient-ended. */
  kiosk_abandons (self, s, "patient-ended");
}

static void
handle_accept (CabineHubRelay *self,
               CabineHubPeer  *peer,
               JsonObject     *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) started = NULL;
  const CabineHubSession *s;
  CabineHubPeer *kiosk;
  const char *id;

  if (!check_role (peer, "accept", CABINE_HUB_PEER_ROLE_PHYSICIAN))
    return;
  if ((id = get_string (peer, msg, "accept", "sessionId", TRUE)) == NULL)
    return;
  s = cabine_hub_queue_accept (self->queue, id, cabine_hub_peer_get_key (peer),
                               cabine_hub_peer_get_name (peer),
                               cabine_hub_peer_get_display_name (peer), &error);
  if (s == NULL)
    {
      cabine_hub_peer_send_error (peer, error, "accept");
      return;
    }
  g_message ("session %s accepted by %s", s->id, cabine_hub_peer_get_name (peer));
  cabine_hub_relay_forget_waiting (self, s->id);

  accepted = cabine_protocol_new_message ("accepted", s->id);
  json_object_set_string_member (accepted, "kioskId", s->kiosk_id);
  json_object_set_array_member (accepted, "iceServers", ice_servers_json (self));
  cabine_hub_peer_send (peer, accepted);

  kiosk = g_hash_table_lookup (self->by_key, s->kiosk_key);
  started = cabine_protocol_new_message ("session-started", s->id);
  json_object_set_string_member (started, "physician", s->physician_name);
  json_object_set_array_member (started, "iceServers", ice_servers_json (self));
  if (kiosk != NULL)
    cabine_hub_peer_send (kiosk, started);

  /* After the peers are told: its handler writes to the store, which waits for the disk (an
   * fsync per commit), and the call's setup need not wait for that. */
  g_signal_emit (self, signals[SIGNAL_SESSION_ACCEPTED], 0, s->id, s->kiosk_id,
                 cabine_hub_peer_get_name (peer));
  cabine_hub_relay_broadcast_queue (self, NULL);
}

static void
handle_hangup (CabineHubRelay *self,
               CabineHubPeer  *peer,
               JsonObject     *msg,
               const char     *text)
{
  g_autoptr(GError) error = NULL;
  const CabineHubSession *s;
  const char *key = cabine_hub_peer_get_key (peer);
  const char *to_key;
  const char *reason;
  const char *id;
  CabineHubPeer *other;

  if ((id = get_string (peer, msg, "hangup", "sessionId", TRUE)) == NULL)
    return;
  reason = cabine_protocol_get_string (msg, "reason", FALSE, &error);
  if (error != NULL)
    {
      cabine_hub_peer_send_error (peer, error, "hangup");
      return;
    }
  if (reason != NULL && !g_strv_contains (hangup_reasons, reason))
    {
      refuse (peer, "hangup", CABINE_PROTOCOL_ERROR_BAD_FIELD, "unknown hangup \"reason\"");
      return;
    }

  s = cabine_hub_queue_lookup (self->queue, id);
  if (s != NULL && s->state == CABINE_HUB_SESSION_WAITING && g_str_equal (s->kiosk_key, key))
    {
      kiosk_abandons (self, s, "patient-ended");
      return;
    }
  to_key = cabine_hub_queue_route (self->queue, id, key, &error);
  if (to_key == NULL)
    {
      cabine_hub_peer_send_error (peer, error, "hangup");
      return;
    }
  other = g_hash_table_lookup (self->by_key, to_key);
  /* Not to a peer that is away: it learns that the call ended when its resume is refused. */
  if (other != NULL && !s->away[cabine_hub_relay_side_of (s, to_key)])
    cabine_hub_peer_send_text (other, text);
  g_message ("session %s ended by %s", id, cabine_hub_peer_get_label (peer));
  cabine_hub_relay_end_session (self, id);
}

static void
on_peer_message (CabineHubPeer *peer,
                 const char    *type,
                 JsonObject    *msg,
                 const char    *text,
                 gpointer       user_data)
{
  CabineHubRelay *self = user_data;
  g_autofree char *unknown = NULL;

  if (g_str_equal (type, "hello"))
    {
      handle_hello (self, peer, msg);
      return;
    }
  if (cabine_hub_peer_get_role (peer) == CABINE_HUB_PEER_ROLE_NONE)
    {
      refuse (peer, type, CABINE_PROTOCOL_ERROR_NOT_AUTHENTICATED, "send hello first");
      return;
    }

  if (g_str_equal (type, "join-queue"))
    cabine_hub_relay_handle_join_queue (self, peer, msg);
  else if (g_str_equal (type, "leave-queue"))
    handle_leave_queue (self, peer, msg);
  else if (g_str_equal (type, "accept"))
    handle_accept (self, peer, msg);
  else if (g_str_equal (type, "offer") || g_str_equal (type, "answer") || g_str_equal (type, "ice"))
    cabine_hub_relay_handle_call_message (self, peer, type, msg, text);
  else if (g_str_equal (type, "hangup"))
    handle_hangup (self, peer, msg, text);
  else if (g_str_equal (type, "signal-refused"))
    cabine_hub_relay_handle_signal_refused (self, peer, msg, text);
  else if (g_str_equal (type, "resume"))
    cabine_hub_relay_handle_resume (self, peer, msg);
  else
    {
      unknown = g_strdup_printf ("unknown message type '%.64s'", type);
      refuse (peer, type, CABINE_PROTOCOL_ERROR_UNKNOWN_TYPE, unknown);
    }
}
