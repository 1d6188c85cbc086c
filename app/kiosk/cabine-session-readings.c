/* cabine-session-readings.c: committing the instruments' readings, never dropping one
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"

/* A reading waiting to be committed: the store refused it for now (disk full, database locked);
 * it is kept in memory, in order, and committed again every PENDING_RETRY_S. */
typedef struct {
  CabineMeasurement *measurement;
  char              *id;
  char              *session_id; /* nullable: taken outside a consultation */
  gboolean           show;       /* taken while the patient was in a consultation */
} PendingReading;

#define PENDING_RETRY_S 1

static void
pending_reading_free (PendingReading *p)
{
  g_object_unref (p->measurement);
  g_free (p->id);
  g_free (p->session_id);
  g_free (p);
}

static gboolean
commit_reading (CabineSession  *self,
                PendingReading *p,
                GError        **error)
{
  g_autoptr(CabineReading) reading = NULL;
  CabineObservationDraft draft = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (!cabine_observation_draft_init (&draft, p->measurement, p->id, p->session_id, &local_error))
    {
      /* Not a reading the kiosk can express: nothing to retry. */
      g_warning ("cannot use a reading: %s", local_error->message);
      return TRUE;
    }

  /* Committed before anyone sees it (DESIGN.md, "Data flow of a measurement"). */
  if (!cabine_store_add_observation (self->store, &draft.stored, &local_error) && p->session_id != NULL)
    {
      /* The consultation's own row may be what is missing, if the store refused it earlier
       * (e.g. the disk was full when the journey began): write it (idempotent) and try again. */
      g_clear_error (&local_error);
      if (cabine_store_begin_session (self->store, p->session_id,
                                      cabine_config_get_kiosk_id (self->config), self->language,
                                      NULL, &local_error))
        cabine_store_add_observation (self->store, &draft.stored, &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      cabine_observation_draft_clear (&draft);
      return FALSE;
    }

  if (p->show && g_strcmp0 (p->session_id, self->session_id) == 0)
    {
      guint n = 0;
      const double *values = cabine_measurement_get_values (p->measurement, &n);

      reading = cabine_reading_new (p->id, draft.fhir.loinc_code, draft.fhir.value, draft.fhir.decimals,
                                    draft.fhir.ucum_code, draft.fhir.unit_display,
                                    draft.fhir.effective != NULL ? draft.fhir.effective : draft.fhir.issued);
      if (cabine_measurement_get_kind (p->measurement) == CABINE_MEASUREMENT_BLOOD_PRESSURE)
        cabine_reading_set_components (reading, values, n);
      g_list_store_append (self->readings, reading);
      cabine_remote_reading_arrived (self->remote, reading);
    }
  cabine_observation_draft_clear (&draft);
  return TRUE;
}

static gboolean flush_pending_cb (gpointer user_data);

/* Commits the waiting readings in the order they were taken; stops at the first refusal and
 * tries again later, so that no reading is ever dropped or overtaken. */
void
cabine_session_flush_pending (CabineSession *self)
{
  PendingReading *p;

  while ((p = g_queue_peek_head (&self->pending)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!commit_reading (self, p, &error))
        {
          if (!self->pending_failing)
            g_warning ("cannot store a reading yet (%u waiting, kept in memory and retried every "
                       "%d s): %s", g_queue_get_length (&self->pending), PENDING_RETRY_S,
                       error->message);
          self->pending_failing = TRUE;
          if (self->pending_retry_id == 0)
            self->pending_retry_id = g_timeout_add_seconds (PENDING_RETRY_S, flush_pending_cb, self);
          return;
        }
      if (self->pending_failing)
        g_message ("the store accepts readings again");
      self->pending_failing = FALSE;
      pending_reading_free (g_queue_pop_head (&self->pending));
    }
  g_clear_handle_id (&self->pending_retry_id, g_source_remove);
  cabine_session_send_unacked (self);
}

static gboolean
flush_pending_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->pending_retry_id = 0;
  cabine_session_flush_pending (self);
  return G_SOURCE_REMOVE;
}

void
cabine_session_on_measurement (CabineDeviceManager *devices,
                CabineMeasurement   *m,
                CabineSession       *self)
{
  PendingReading *p = g_new0 (PendingReading, 1);
  /* Readings taken before the patient joins the queue (e.g. while they type) or after the call
   * ended belong to no consultation. */
  gboolean in_consultation = self->state == CABINE_SESSION_STATE_WAITING ||
                             self->state == CABINE_SESSION_STATE_CALL;

  p->measurement = g_object_ref (m);
  p->id = g_uuid_string_random ();
  p->session_id = in_consultation ? g_strdup (self->session_id) : NULL;
  p->show = in_consultation;
  g_queue_push_tail (&self->pending, p);
  cabine_session_flush_pending (self);
}

/* ---- remote control: source switch and snapshots ------------------------------------------ */


void
cabine_session_drop_pending (CabineSession *self)
{
  g_clear_handle_id (&self->pending_retry_id, g_source_remove);
  if (g_queue_is_empty (&self->pending))
    return;
  cabine_session_flush_pending (self);
  g_clear_handle_id (&self->pending_retry_id, g_source_remove);
  if (!g_queue_is_empty (&self->pending))
    g_critical ("%u readings could not be stored before the kiosk stopped",
                g_queue_get_length (&self->pending));
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_reading_free);
}
