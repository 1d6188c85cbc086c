/* cabine-11073-config-store.c: accepted extended configurations kept on disk, per agent
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-11073-config"

#include "cabine-11073-config-store.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
agent_path (const char *dir, const guint8 *system_id)
{
  g_autofree char *name = g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x.conf",
                                           system_id[0], system_id[1], system_id[2], system_id[3],
                                           system_id[4], system_id[5], system_id[6], system_id[7]);
  return g_build_filename (dir, name, NULL);
}

static char *
group_name (guint16 dev_config_id)
{
  return g_strdup_printf ("config 0x%04X", dev_config_id);
}

static void
set_u16_list (GKeyFile *kf, const char *group, const char *key, const guint16 *values, gsize n)
{
  g_autofree gint *ints = g_new0 (gint, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    ints[i] = values[i];
  g_key_file_set_integer_list (kf, group, key, ints, n);
}

static void
set_map (GKeyFile *kf, const char *group, const char *key, const guint16 *head, gsize n_head,
         const CabineValueMapEntry *map, guint n_map)
{
  guint16 values[4 + 2 * CABINE_MAX_MAP_ENTRIES];
  gsize n = 0;

  for (gsize i = 0; i < n_head; i++)
    values[n++] = head[i];
  for (guint i = 0; i < n_map; i++)
    {
      values[n++] = map[i].attr_id;
      values[n++] = map[i].len;
    }
  set_u16_list (kf, group, key, values, n);
}

gboolean
cabine_11073_config_save (const char *dir, const guint8 *system_id,
                          const CabineDeviceConfig *config, GError **error)
{
  g_autofree char *path = agent_path (dir, system_id);
  g_autofree char *group = group_name (config->dev_config_id);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  guint16 handles[CABINE_MAX_OBJECTS];
  gsize len;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create the state directory %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* keep the agent's other configurations; an unreadable file is simply replaced */
  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL);
  g_key_file_remove_group (kf, group, NULL);

  for (guint i = 0; i < config->n_objects; i++)
    {
      const CabineObjectSpec *o = &config->objects[i];
      g_autofree char *key = g_strdup_printf ("object-%u", o->handle);
      guint16 head[2] = { o->type_code, o->unit_code };

      handles[i] = o->handle;
      set_map (kf, group, key, head, 2, o->map, o->n_map);
    }
  set_u16_list (kf, group, "objects", handles, config->n_objects);

  for (guint i = 0; i < config->n_scanners; i++)
    {
      const CabineScannerSpec *s = &config->scanners[i];
      g_autofree char *key = g_strdup_printf ("scanner-%u", s->handle);
      guint16 head[2 + CABINE_MAX_OBJECTS] = { s->obj_class, s->confirm_mode };

      handles[i] = s->handle;
      for (guint j = 0; j < s->n_entries; j++)
        {
          g_autofree char *entry_key = g_strdup_printf ("scanner-%u-%u", s->handle,
                                                        s->entries[j].handle);
          head[2 + j] = s->entries[j].handle;
          set_map (kf, group, entry_key, NULL, 0, s->entries[j].map, s->entries[j].n_map);
        }
      set_u16_list (kf, group, key, head, 2 + s->n_entries);
    }
  set_u16_list (kf, group, "scanners", handles, config->n_scanners);
  set_u16_list (kf, group, "pm-stores", config->pm_store_handles, config->n_pm_stores);

  data = g_key_file_to_data (kf, &len, NULL);
  return g_file_set_contents_full (path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A list of unsigned 16-bit numbers, at most @max of them. */
static gboolean
get_u16_list (GKeyFile *kf, const char *group, const char *key, guint16 *out, gsize max,
              gsize *n_out, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree gint *ints = NULL;
  gsize n = 0;

  ints = g_key_file_get_integer_list (kf, group, key, &n, &local);
  if (ints == NULL)
    {
      /* an empty list reads back as "no value": only a missing key is an error */
      if (g_key_file_has_key (kf, group, key, NULL))
        {
          g_autofree char *raw = g_key_file_get_value (kf, group, key, NULL);
          if (raw != NULL && *g_strstrip (raw) == '\0')
            {
              *n_out = 0;
              return TRUE;
            }
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (n > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s: %" G_GSIZE_FORMAT " values, at most %" G_GSIZE_FORMAT, group, key,
                   n, max);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (ints[i] < 0 || ints[i] > G_MAXUINT16)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s] %s: %d is not a 16-bit unsigned number", group, key, ints[i]);
          return FALSE;
        }
      out[i] = (guint16) ints[i];
    }
  *n_out = n;
  return TRUE;
}

/* (attribute-id; length) pairs after @n_head leading numbers. */
static gboolean
get_map (GKeyFile *kf, const char *group, const char *key, guint16 *head, gsize n_head,
         CabineValueMapEntry *map, guint *n_map, GError **error)
{
  guint16 values[2 + CABINE_MAX_OBJECTS + 2 * CABINE_MAX_MAP_ENTRIES];
  gsize n;

  if (!get_u16_list (kf, group, key, values, n_head + 2 * CABINE_MAX_MAP_ENTRIES, &n, error))
    return FALSE;
  if (n < n_head || (n - n_head) % 2 != 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s: %" G_GSIZE_FORMAT " values, expected %" G_GSIZE_FORMAT
                   " then (attribute; length) pairs", group, key, n, n_head);
      return FALSE;
    }
  if (n_head > 0)
    memcpy (head, values, n_head * sizeof *values);
  *n_map = (guint) (n - n_head) / 2;
  for (guint i = 0; i < *n_map; i++)
    {
      map[i].attr_id = values[n_head + 2 * i];
      map[i].len = values[n_head + 2 * i + 1];
    }
  return TRUE;
}

static gboolean
load_group (GKeyFile *kf, const char *group, guint16 dev_config_id, CabineDeviceConfig *out,
            GError **error)
{
  guint16 handles[CABINE_MAX_OBJECTS];
  gsize n;

  memset (out, 0, sizeof *out);
  out->dev_config_id = dev_config_id;
  out->name = "extended";

  if (!get_u16_list (kf, group, "objects", handles, CABINE_MAX_OBJECTS, &n, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      CabineObjectSpec *o = &out->objects[out->n_objects++];
      g_autofree char *key = g_strdup_printf ("object-%u", handles[i]);
      guint16 head[2];

      o->handle = handles[i];
      if (!get_map (kf, group, key, head, 2, o->map, &o->n_map, error))
        return FALSE;
      o->type_code = head[0];
      o->unit_code = head[1];
    }

  if (!get_u16_list (kf, group, "scanners", handles, CABINE_MAX_SCANNERS, &n, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      CabineScannerSpec *s = &out->scanners[out->n_scanners++];
      g_autofree char *key = g_strdup_printf ("scanner-%u", handles[i]);
      guint16 head[2 + CABINE_MAX_OBJECTS];
      gsize n_head;

      s->handle = handles[i];
      if (!get_u16_list (kf, group, key, head, G_N_ELEMENTS (head), &n_head, error))
        return FALSE;
      if (n_head < 2 || (head[0] != CABINE_MDC_MOC_SCAN_CFG_EPI &&
                         head[0] != CABINE_MDC_MOC_SCAN_CFG_PERI))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s] %s: not a configurable scanner (class, confirm-mode, handles…)",
                       group, key);
          return FALSE;
        }
      s->obj_class = head[0];
      s->confirm_mode = head[1];
      for (gsize j = 2; j < n_head; j++)
        {
          CabineScanEntry *e = &s->entries[s->n_entries++];
          g_autofree char *entry_key = g_strdup_printf ("scanner-%u-%u", s->handle, head[j]);

          e->handle = head[j];
          if (cabine_11073_config_find (out, e->handle) == NULL)
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[%s] %s maps handle %u, which is not a numeric", group, key,
                           e->handle);
              return FALSE;
            }
          if (!get_map (kf, group, entry_key, NULL, 0, e->map, &e->n_map, error))
            return FALSE;
        }
    }

  if (!get_u16_list (kf, group, "pm-stores", out->pm_store_handles, CABINE_MAX_PM_STORES, &n,
                     error))
    return FALSE;
  out->n_pm_stores = (guint) n;
  return TRUE;
}

gboolean
cabine_11073_config_load (const char *dir, const guint8 *system_id, guint16 dev_config_id,
                          CabineDeviceConfig *out, GError **error)
{
  g_autofree char *path = agent_path (dir, system_id);
  g_autofree char *group = group_name (dev_config_id);
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return FALSE;
  if (!g_key_file_has_group (kf, group))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "%s has no [%s]", path, group);
      return FALSE;
    }
  if (!load_group (kf, group, dev_config_id, out, error))
    {
      g_prefix_error (error, "%s: ", path);
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  return TRUE;
}
