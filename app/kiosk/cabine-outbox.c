/* cabine-outbox.c: uploads finished consultations from the kiosk store to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-outbox"

#include <string.h>

#include <libsoup/soup.h>

#include "cabine-outbox.h"
#include "cabine-signalling.h"

/** Period of the retention sweep, in seconds. */
#define SWEEP_SECONDS 600

struct _CabineOutbox
{
  GObject       parent_instance;
  CabineStore  *store;
  SoupSession  *soup;
  char         *records_url;
  char         *kiosk_id;
  char         *token;
  guint         retention_hours;
  gboolean      started;
  gboolean      busy;
  guint         wake_id;
  guint         sweep_id;
  GCancellable *cancellable;
};

enum { SIGNAL_UPLOADED, SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cabine-outbox-error-quark, cabine_outbox_error)
G_DEFINE_FINAL_TYPE (CabineOutbox, cabine_outbox, G_TYPE_OBJECT)

static void schedule (CabineOutbox *self);

static void
cabine_outbox_dispose (GObject *object)
{
  CabineOutbox *self = CABINE_OUTBOX (object);

  cabine_outbox_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cabine_outbox_parent_class)->dispose (object);
}

static void
cabine_outbox_finalize (GObject *object)
{
  CabineOutbox *self = CABINE_OUTBOX (object);

  g_free (self->records_url);
  g_free (self->kiosk_id);
  g_free (self->token);
  G_OBJECT_CLASS (cabine_outbox_parent_class)->finalize (object);
}

static void
cabine_outbox_class_init (CabineOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_outbox_dispose;
  object_class->finalize = cabine_outbox_finalize;

  /**
   * CabineOutbox::uploaded:
   * @record_id: the record the hub confirmed
   * @created: %TRUE for 201 (first upload), %FALSE for 200 (the hub already had it)
   */
  signals[SIGNAL_UPLOADED] =
    g_signal_new ("uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * CabineOutbox::failed:
   * @record_id: the record
   * @message: why (no patient data); the upload will be retried
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cabine_outbox_init (CabineOutbox *self)
{
}

guint
cabine_outbox_backoff_seconds (guint attempts)
{
  guint delay = CABINE_OUTBOX_BACKOFF_MIN;

  for (guint i = 1; i < attempts && delay < CABINE_OUTBOX_BACKOFF_MAX; i++)
    delay *= 2;
  return MIN (delay, CABINE_OUTBOX_BACKOFF_MAX);
}

static char *
records_url_for (const char  *hub_url,
                 GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (hub_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *http;

  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme != NULL && (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "http") == 0))
    http = "http";
  else if (scheme != NULL && (g_ascii_strcasecmp (scheme, "wss") == 0 ||
                              g_ascii_strcasecmp (scheme, "https") == 0))
    http = "https";
  else
    http = NULL;
  if (http == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, CABINE_OUTBOX_ERROR, CABINE_OUTBOX_ERROR_URL,
                   "the hub URL '%s' is not a ws://, wss://, http:// or https:// URL", hub_url);
      return NULL;
    }
  return g_uri_join (G_URI_FLAGS_NONE, http, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                     "/api/records", NULL, NULL);
}

CabineOutbox *
cabine_outbox_new (CabineStore  *store,
                   const char   *hub_url,
                   const char   *kiosk_id,
                   const char   *token,
                   const char   *ca_file,
                   guint         retention_hours,
                   GError      **error)
{
  g_autoptr(CabineOutbox) self = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (store), NULL);
  g_return_val_if_fail (hub_url != NULL && kiosk_id != NULL && token != NULL, NULL);

  url = records_url_for (hub_url, error);
  if (url == NULL)
    return NULL;
  self = g_object_new (CABINE_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->records_url = g_steal_pointer (&url);
  self->kiosk_id = g_strdup (kiosk_id);
  self->token = g_strdup (token);
  self->retention_hours = retention_hours;
  self->soup = soup_session_new_with_options ("timeout", CABINE_OUTBOX_TIMEOUT,
                                              "idle-timeout", 30,
                                              "user-agent", "cabine-kiosk", NULL);
  if (ca_file != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, &local);

      if (db == NULL)
        {
          g_set_error (error, CABINE_OUTBOX_ERROR, CABINE_OUTBOX_ERROR_CA,
                       "cannot read the hub's CA file %s: %s", ca_file, local->message);
          return NULL;
        }
      soup_session_set_tls_database (self->soup, db);
    }
  return g_steal_pointer (&self);
}

static void
sweep (CabineOutbox *self)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!cabine_store_purge_expired (self->store, self->retention_hours, NULL, &n, &error))
    g_warning ("cannot purge expired consultations: %s", error->message);
  else if (n > 0)
    g_message ("erased %u consultation(s): uploaded and past retention, or ended before any call",
               n);
}

static gboolean
on_sweep (gpointer user_data)
{
  sweep (CABINE_OUTBOX (user_data));
  return G_SOURCE_CONTINUE;
}

static void
failed (CabineOutbox      *self,
        CabineOutboxEntry *entry,
        const char        *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  guint delay = cabine_outbox_backoff_seconds (entry->attempts + 1);
  double jitter = g_random_double_range (0.8, 1.2);

  next = g_date_time_add_seconds (now, delay * jitter);
  g_message ("upload of record %s failed (attempt %u), retry in %.0f s: %s", entry->record_id,
             entry->attempts + 1, delay * jitter, message);
  if (!cabine_store_outbox_mark_failed (self->store, entry->record_id, next, message, &error))
    g_warning ("cannot record the failed upload: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, entry->record_id, message);
}

typedef struct {
  CabineOutbox      *self;
  CabineOutboxEntry *entry;
  SoupMessage       *msg;
  GTlsCertificateFlags tls_errors;   /* why the hub's certificate was refused, if it was */
} Upload;

/* Runs only when the TLS database refused the hub's certificate: remember why, refuse it too. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  ((Upload *) user_data)->tls_errors = errors;
  return FALSE;
}

static void
upload_free (Upload *up)
{
  g_object_unref (up->self);
  cabine_outbox_entry_free (up->entry);
  g_object_unref (up->msg);
  g_free (up);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Upload *up = user_data;
  CabineOutbox *self = up->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = soup_message_get_status (up->msg);

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      upload_free (up);
      return;
    }
  if (body == NULL && up->tls_errors != 0)
    {
      g_autofree char *why = cabine_signalling_describe_tls_errors (up->tls_errors);
      g_autofree char *text = g_strdup_printf ("the hub's TLS certificate is refused: %s; check "
                                               "[kiosk] hub-ca", why);
      failed (self, up->entry, text);
    }
  else if (body == NULL)
    failed (self, up->entry, error->message);
  else if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      g_autoptr(GError) local = NULL;

      if (!cabine_store_outbox_mark_uploaded (self->store, up->entry->record_id, &local))
        g_warning ("the hub has record %s but the store cannot note it (it will be sent again, "
                   "the hub keeps one copy): %s", up->entry->record_id, local->message);
      else
        {
          g_message ("record %s uploaded (%s)", up->entry->record_id,
                     status == SOUP_STATUS_CREATED ? "new" : "the hub already had it");
          g_signal_emit (self, signals[SIGNAL_UPLOADED], 0, up->entry->record_id,
                         status == SOUP_STATUS_CREATED);
          sweep (self);
        }
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("HTTP %u %s", status,
                                               soup_message_get_reason_phrase (up->msg));
      failed (self, up->entry, text);
    }
  upload_free (up);
  schedule (self);
}

static void
upload (CabineOutbox      *self,
        CabineOutboxEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record = cabine_store_build_record (self->store, entry->session_id, &error);
  g_autofree char *auth = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize len;
  Upload *up;

  if (record == NULL)
    {
      failed (self, entry, error->message);
      cabine_outbox_entry_free (entry);
      schedule (self);
      return;
    }
  up = g_new0 (Upload, 1);
  up->self = g_object_ref (self);
  up->entry = entry;
  up->msg = soup_message_new (SOUP_METHOD_POST, self->records_url);
  g_signal_connect (up->msg, "accept-certificate", G_CALLBACK (on_accept_certificate), up);
  auth = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (soup_message_get_request_headers (up->msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (up->msg), "Cabine-Kiosk-Id",
                                self->kiosk_id);
  len = strlen (record);
  body = g_bytes_new_take (g_steal_pointer (&record), len);
  soup_message_set_request_body_from_bytes (up->msg, "application/json", body);
  self->busy = TRUE;
  soup_session_send_and_read_async (self->soup, up->msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_sent, up);
}

static gboolean
on_wake (gpointer user_data)
{
  CabineOutbox *self = CABINE_OUTBOX (user_data);

  self->wake_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Starts the upload that is due, or sleeps until the next one is. */
static void
schedule (CabineOutbox *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CabineOutboxEntry *entry;
  GTimeSpan wait = 0;

  if (!self->started || self->busy)
    return;
  g_clear_handle_id (&self->wake_id, g_source_remove);
  entry = cabine_store_outbox_next (self->store, &error);
  if (entry == NULL)
    {
      if (error != NULL)
        {
          g_warning ("cannot read the outbox, retrying in %d s: %s", CABINE_OUTBOX_BACKOFF_MAX,
                     error->message);
          self->wake_id = g_timeout_add_seconds (CABINE_OUTBOX_BACKOFF_MAX, on_wake, self);
        }
      return;
    }
  if (entry->next_attempt != NULL)
    wait = g_date_time_difference (entry->next_attempt, now);
  if (wait > 0)
    {
      self->wake_id = g_timeout_add ((guint) MIN (wait / 1000 + 1, (GTimeSpan) G_MAXUINT / 2),
                                     on_wake, self);
      cabine_outbox_entry_free (entry);
      return;
    }
  upload (self, entry);
}

void
cabine_outbox_start (CabineOutbox *self)
{
  g_return_if_fail (CABINE_IS_OUTBOX (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  {
    g_autoptr(GError) error = NULL;
    guint n = 0;

    if (!cabine_store_end_interrupted (self->store, &n, &error))
      g_warning ("cannot close the consultations a previous run left open: %s", error->message);
    else if (n > 0)
      g_message ("%u consultation(s) interrupted by the last stop were closed", n);
  }
  sweep (self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, on_sweep, self);
  schedule (self);
}

void
cabine_outbox_kick (CabineOutbox *self)
{
  g_return_if_fail (CABINE_IS_OUTBOX (self));
  schedule (self);
}

void
cabine_outbox_stop (CabineOutbox *self)
{
  g_return_if_fail (CABINE_IS_OUTBOX (self));

  self->started = FALSE;
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}
