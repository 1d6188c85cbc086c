/* cabine-session-exam.c: the physician's remote examination: camera source switches, snapshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"

void
cabine_session_on_source_switch_requested (CabineRemote  *remote,
                            const char    *request_id,
                            const char    *source,
                            CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();

  if (self->call == NULL || !cabine_call_switch_source (self->call, source, &error))
    {
      cabine_remote_request_failed (remote, request_id, error != NULL ? error->message : "no call");
      return;
    }
  json_object_set_string_member (detail, "source", source);
  cabine_session_record_call_event (self, "source-switched", detail);
  cabine_remote_source_switched (remote, request_id, source);
}

typedef struct {
  CabineSession *self;
  char          *request_id;
  char          *source;
} SnapshotJob;

static void
on_snapshot_taken (GObject      *call,
                   GAsyncResult *result,
                   gpointer      data)
{
  SnapshotJob *job = data;
  CabineSession *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  guint width = 0, height = 0;
  g_autoptr(GBytes) jpeg = cabine_call_take_snapshot_finish (CABINE_CALL (call), result, &width,
                                                             &height, &error);

  if (jpeg == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;   /* the call ended: nobody to answer */
  /* Stored with the consultation before the physician sees it, as readings are. */
  if (jpeg == NULL || self->session_id == NULL ||
      !cabine_store_add_snapshot (self->store, self->session_id, id, CABINE_CALL_SNAPSHOT_TYPE,
                                  job->source, jpeg, &error))
    {
      cabine_remote_request_failed (self->remote, job->request_id,
                                    error != NULL ? error->message : "no consultation");
      goto out;
    }
  g_message ("snapshot %s: %" G_GSIZE_FORMAT " bytes from the %s camera", id,
             g_bytes_get_size (jpeg), job->source);
  cabine_remote_send_snapshot (self->remote, job->request_id, id, job->source,
                               CABINE_CALL_SNAPSHOT_TYPE, width, height, jpeg);
out:
  g_object_unref (job->self);
  g_free (job->request_id);
  g_free (job->source);
  g_free (job);
}

void
cabine_session_on_snapshot_requested (CabineRemote  *remote,
                       const char    *request_id,
                       CabineSession *self)
{
  SnapshotJob *job;

  if (self->call == NULL)
    {
      cabine_remote_request_failed (remote, request_id, "no call");
      return;
    }
  job = g_new0 (SnapshotJob, 1);
  job->self = g_object_ref (self);
  job->request_id = g_strdup (request_id);
  job->source = g_strdup (cabine_call_get_source (self->call));
  cabine_call_take_snapshot_async (self->call, self->snapshot_cancel, on_snapshot_taken, job);
}
