/* cabine-hub-store.c: the hub's storage interface
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-store"

#include "cabine-hub-store.h"

G_DEFINE_QUARK (cabine-hub-store-error-quark, cabine_hub_store_error)
G_DEFINE_INTERFACE (CabineHubStore, cabine_hub_store, G_TYPE_OBJECT)

static void
cabine_hub_store_default_init (CabineHubStoreInterface *iface)
{
}

gboolean
cabine_hub_store_note_consultation (CabineHubStore  *self,
                                    const char      *hub_session_id,
                                    const char      *kiosk_id,
                                    const char      *physician,
                                    GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL && kiosk_id != NULL && physician != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->note_consultation (self, hub_session_id, kiosk_id,
                                                               physician, error);
}

gboolean
cabine_hub_store_get_consultation (CabineHubStore  *self,
                                   const char      *hub_session_id,
                                   char           **out_kiosk_id,
                                   char           **out_physician,
                                   char           **out_ended_at,
                                   GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->get_consultation (self, hub_session_id, out_kiosk_id,
                                                              out_physician, out_ended_at, error);
}

gboolean
cabine_hub_store_end_consultation (CabineHubStore  *self,
                                   const char      *hub_session_id,
                                   GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->end_consultation (self, hub_session_id, error);
}

gboolean
cabine_hub_store_end_unresumed_consultations (CabineHubStore      *self,
                                              GDateTime           *accepted_before,
                                              const char * const  *keep,
                                              guint               *out_n_ended,
                                              GError             **error)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (accepted_before != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->end_unresumed_consultations (
    self, accepted_before, keep != NULL ? keep : none, out_n_ended, error);
}

gboolean
cabine_hub_store_put_waiting (CabineHubStore  *self,
                              const char      *hub_session_id,
                              const char      *kiosk_id,
                              GDateTime       *waiting_since,
                              GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL && kiosk_id != NULL && waiting_since != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->put_waiting (self, hub_session_id, kiosk_id,
                                                         waiting_since, error);
}

gboolean
cabine_hub_store_get_waiting (CabineHubStore  *self,
                              const char      *hub_session_id,
                              char           **out_kiosk_id,
                              GDateTime      **out_waiting_since,
                              GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->get_waiting (self, hub_session_id, out_kiosk_id,
                                                         out_waiting_since, error);
}

gboolean
cabine_hub_store_delete_waiting (CabineHubStore  *self,
                                 const char      *hub_session_id,
                                 GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->delete_waiting (self, hub_session_id, error);
}

gboolean
cabine_hub_store_delete_waiting_except (CabineHubStore      *self,
                                        const char * const  *keep,
                                        guint               *out_n_deleted,
                                        GError             **error)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->delete_waiting_except (
    self, keep != NULL ? keep : none, out_n_deleted, error);
}

void
cabine_hub_store_waiting_free (CabineHubStoreWaiting *waiting)
{
  if (waiting == NULL)
    return;
  g_free (waiting->hub_session_id);
  g_free (waiting->kiosk_id);
  g_clear_pointer (&waiting->waiting_since, g_date_time_unref);
  g_free (waiting);
}

GPtrArray *
cabine_hub_store_list_waiting (CabineHubStore  *self,
                               GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), NULL);
  return CABINE_HUB_STORE_GET_IFACE (self)->list_waiting (self, error);
}

gboolean
cabine_hub_store_put_record (CabineHubStore  *self,
                             const char      *record_id,
                             const char      *kiosk_id,
                             const char      *hub_session_id,
                             const char      *record_json,
                             gboolean        *out_created,
                             GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (record_id != NULL && kiosk_id != NULL && record_json != NULL, FALSE);
  g_return_val_if_fail (out_created != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->put_record (self, record_id, kiosk_id, hub_session_id,
                                                        record_json, out_created, error);
}

gboolean
cabine_hub_store_get_record (CabineHubStore  *self,
                             const char      *id,
                             char           **out_record_json,
                             char           **out_hub_session_id,
                             GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && out_record_json != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->get_record (self, id, out_record_json,
                                                        out_hub_session_id, error);
}

gint64
cabine_hub_store_count_records (CabineHubStore  *self,
                                GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), -1);
  return CABINE_HUB_STORE_GET_IFACE (self)->count_records (self, error);
}

gboolean
cabine_hub_store_put_login (CabineHubStore  *self,
                            const char      *token_sha256,
                            const char      *username,
                            gint64           expires_at,
                            GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (token_sha256 != NULL && username != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->put_login (self, token_sha256, username, expires_at,
                                                       error);
}

gboolean
cabine_hub_store_get_login (CabineHubStore  *self,
                            const char      *token_sha256,
                            char           **out_username,
                            gint64          *out_expires_at,
                            GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (token_sha256 != NULL && out_username != NULL && out_expires_at != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->get_login (self, token_sha256, out_username,
                                                       out_expires_at, error);
}

gboolean
cabine_hub_store_purge_logins (CabineHubStore  *self,
                               const char      *token_sha256,
                               gint64           now,
                               guint           *out_n_purged,
                               GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->purge_logins (self, token_sha256, now, out_n_purged,
                                                          error);
}

gboolean
cabine_hub_store_put_notes (CabineHubStore  *self,
                            const char      *hub_session_id,
                            const char      *physician,
                            const char      *text,
                            GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL && physician != NULL && text != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->put_notes (self, hub_session_id, physician, text, error);
}

gboolean
cabine_hub_store_get_notes (CabineHubStore  *self,
                            const char      *hub_session_id,
                            char           **out_text,
                            char           **out_physician,
                            char           **out_updated_at,
                            GError         **error)
{
  g_return_val_if_fail (CABINE_IS_HUB_STORE (self), FALSE);
  g_return_val_if_fail (hub_session_id != NULL && out_text != NULL, FALSE);
  return CABINE_HUB_STORE_GET_IFACE (self)->get_notes (self, hub_session_id, out_text,
                                                       out_physician, out_updated_at, error);
}
