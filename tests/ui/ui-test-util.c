/* ui-test-util.c: what the kiosk's UI tests share (ui-test-util.h)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui-test"

#include <glib/gstdio.h>

#include "ui-test-util.h"

void
cabine_ui_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GtkWidget *
cabine_ui_test_find (GtkWidget         *root,
                     CabineUiTestMatch  match,
                     gconstpointer      data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = cabine_ui_test_find (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
cabine_ui_test_find_named (GtkWidget  *root,
                           const char *name)
{
  return cabine_ui_test_find (root, is_named, name);
}

const char *
cabine_ui_test_shots_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *artifacts = g_getenv ("CABINE_ARTIFACTS_DIR");
      const char *build = g_getenv ("CABINE_BUILD_DIR");

      dir = artifacts != NULL ? g_build_filename (artifacts, "ui", NULL)
                              : g_build_filename (build != NULL ? build : ".", "tests", "ui",
                                                  "screenshots", NULL);
      g_mkdir_with_parents (dir, 0755);
    }
  return dir;
}

void
cabine_ui_test_save_png (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", cabine_ui_test_shots_dir (), name);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (w, >, 0);
  /* A widget that has not been drawn since its last change has no render node yet. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        cabine_ui_test_spin (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}
