/* cabine-call-page.c: the call, with the physician large, the patient small and the readings
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>
#include <math.h>

#include "cabine-call-page.h"
#include "cabine-guide-panel.h"
#include "cabine-reading.h"
#include "cabine-ui-util.h"
#include "cabine-video-paintable.h"

struct _CabineCallPage
{
  GtkWidget     parent_instance;
  GtkWidget    *layout_box;
  GtkPicture   *remote_picture;
  GtkPicture   *local_picture;
  GtkWidget    *video_area;
  GtkWidget    *self_view;
  GtkLabel     *connecting_label;
  GtkLabel     *notice_label;
  GtkLabel     *physician_label;
  GtkListBox   *readings_list;
  CabineGuidePanel *guide_panel;
  GtkWidget    *hangup_button;
  GtkWidget    *confirm_box;
  GdkPaintable *remote;
  GdkPaintable *local;
  gulong        remote_handler;
  guint         layout_source;  /* a pending switch between landscape and portrait, unmapped */
  GdkFrameClock *frame_clock;   /* while mapped */
  gulong        layout_handler;
};

/* The self-view: 16:9, at most this size (and about 40 % of the video's width), at least
 * SELF_VIEW_MIN_WIDTH wide. */
#define SELF_VIEW_MAX_WIDTH 320
#define SELF_VIEW_MIN_WIDTH 120
#define SELF_VIEW_SHARE 0.4
/* On a portrait screen the panel below the video keeps at least this share of the height. */
#define PORTRAIT_PANEL_SHARE 0.4

enum { SIGNAL_HANG_UP, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineCallPage, cabine_call_page, GTK_TYPE_WIDGET)

/* "End the consultation" asks first: a touch by mistake must not end the call. */
static void
on_hangup_clicked (CabineCallPage *self)
{
  gtk_widget_set_visible (self->hangup_button, FALSE);
  gtk_widget_set_visible (self->confirm_box, TRUE);
  gtk_widget_grab_focus (gtk_widget_get_last_child (self->confirm_box));
}

static void
on_hangup_confirmed (CabineCallPage *self)
{
  gtk_widget_set_visible (self->confirm_box, FALSE);
  gtk_widget_set_visible (self->hangup_button, TRUE);
  g_signal_emit (self, signals[SIGNAL_HANG_UP], 0);
}

static void
on_hangup_cancelled (CabineCallPage *self)
{
  gtk_widget_set_visible (self->confirm_box, FALSE);
  gtk_widget_set_visible (self->hangup_button, TRUE);
}

static GtkWidget *
confirm_box_new (CabineCallPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *question = gtk_label_new (_("End the consultation now? The doctor will be disconnected."));
  GtkWidget *yes = gtk_button_new_with_label (_("Yes, end it"));
  GtkWidget *no = gtk_button_new_with_label (_("No, continue"));

  gtk_label_set_wrap (GTK_LABEL (question), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (question), 20);
  gtk_label_set_xalign (GTK_LABEL (question), 0);
  gtk_widget_add_css_class (question, "heading");
  gtk_widget_set_name (yes, "confirm-hang-up");
  gtk_widget_add_css_class (yes, "destructive-action");
  gtk_widget_set_name (no, "cancel-hang-up");
  gtk_widget_add_css_class (no, "suggested-action");
  g_signal_connect_swapped (yes, "clicked", G_CALLBACK (on_hangup_confirmed), self);
  g_signal_connect_swapped (no, "clicked", G_CALLBACK (on_hangup_cancelled), self);
  gtk_box_append (GTK_BOX (box), question);
  gtk_box_append (GTK_BOX (box), yes);
  /* Last, and focused first: Return keeps the call going. */
  gtk_box_append (GTK_BOX (box), no);
  gtk_widget_set_visible (box, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("End the consultation?"), -1);
  return box;
}

static GtkWidget *
create_reading_row (gpointer item,
                    gpointer user_data)
{
  CabineReading *reading = CABINE_READING (item);
  g_autofree char *label = cabine_reading_dup_label (reading);
  g_autofree char *value = cabine_reading_format_value (reading);
  g_autoptr(GDateTime) local = g_date_time_to_local (cabine_reading_get_time (reading));
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *val = gtk_label_new (value);
  GtkWidget *when = gtk_label_new (time);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (name, "reading-name");
  gtk_widget_add_css_class (val, "reading-value");
  gtk_widget_add_css_class (when, "reading-time");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), val);
  gtk_box_append (GTK_BOX (box), when);
  gtk_widget_add_css_class (box, "reading");
  gtk_widget_set_name (box, "reading");
  return box;
}

static void
on_remote_invalidated (GdkPaintable   *paintable,
                       CabineCallPage *self)
{
  /* The first frame has arrived: the "connecting" notice goes. */
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_label), FALSE);
  g_clear_signal_handler (&self->remote_handler, paintable);
}

/* Both videos' frames are made to the size they are drawn at, in this screen's pixels, so that
 * GTK need not scale them (cabine_video_paintable_set_fit_scale()): the doctor's, and the
 * patient's own, sharp at any scale factor. */
static void
fit_videos (CabineCallPage *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self->remote_picture));

  if (self->remote != NULL && CABINE_IS_VIDEO_PAINTABLE (self->remote))
    cabine_video_paintable_set_fit_scale (CABINE_VIDEO_PAINTABLE (self->remote), scale);
  if (self->local != NULL && CABINE_IS_VIDEO_PAINTABLE (self->local))
    cabine_video_paintable_set_fit_scale (CABINE_VIDEO_PAINTABLE (self->local), scale);
}

static void
on_scale_factor_changed (GObject        *picture,
                         GParamSpec     *pspec,
                         CabineCallPage *self)
{
  fit_videos (self);
}

/* GtkOverlay::get-child-position: the self-view's place in the video area, from the area's size
 * alone (not from its frames, whose intrinsic size is the camera's): 16:9, about 40 % of the
 * area's width and height, between SELF_VIEW_MIN_WIDTH and SELF_VIEW_MAX_WIDTH, in the
 * bottom-right corner, its margins kept. */
static gboolean
on_self_view_position (GtkOverlay     *overlay,
                       GtkWidget      *child,
                       GdkRectangle   *allocation,
                       CabineCallPage *self)
{
  int area_width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int area_height = gtk_widget_get_height (GTK_WIDGET (overlay));
  int extra_width, extra_height, width;

  if (child != self->self_view)
    return FALSE;

  /* The frame's border and margins around the picture, which can shrink to nothing. */
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &extra_width, NULL, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &extra_height, NULL, NULL, NULL);
  width = (int) MIN (area_width * SELF_VIEW_SHARE, area_height * SELF_VIEW_SHARE * 16 / 9);
  width = CLAMP (width, SELF_VIEW_MIN_WIDTH, SELF_VIEW_MAX_WIDTH);
  allocation->width = width + extra_width;
  allocation->height = (int) round (width * 9 / 16.0) + extra_height;
  allocation->x = MAX (0, area_width - allocation->width);
  allocation->y = MAX (0, area_height - allocation->height);
  return TRUE;
}

/* Portrait (taller than wide): the video on top, full width, as tall as a 16:9 picture of that
 * width unless the panel below would keep less than PORTRAIT_PANEL_SHARE of the height. */
static int
portrait_video_height (int width,
                       int height)
{
  return (int) MIN (round (width * 9 / 16.0), height * (1 - PORTRAIT_PANEL_SHARE));
}

/* Whether the page, @width × @height, is laid out for another size's orientation. */
static gboolean
layout_needs_change (CabineCallPage *self,
                     int             width,
                     int             height)
{
  GtkOrientation now = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->layout_box));
  gboolean portrait = height > width;
  int video_height = -1;

  if (width <= 0 || height <= 0)
    return FALSE;
  gtk_widget_get_size_request (self->video_area, NULL, &video_height);
  return portrait != (now == GTK_ORIENTATION_VERTICAL) ||
         (portrait && video_height != portrait_video_height (width, height));
}

/* Lays the page out for its size now; never while allocating (it queues a resize). */
static void
apply_layout (CabineCallPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean portrait = height > width;

  g_debug ("call page %d×%d: %s", width, height, portrait ? "portrait" : "landscape");
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->layout_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  if (portrait)
    gtk_widget_add_css_class (GTK_WIDGET (self), "portrait");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "portrait");
  gtk_widget_set_vexpand (self->video_area, !portrait);
  gtk_widget_set_size_request (self->video_area, -1,
                               portrait ? portrait_video_height (width, height) : -1);
}

static gboolean
apply_layout_idle (gpointer data)
{
  CabineCallPage *self = data;

  self->layout_source = 0;
  if (layout_needs_change (self, gtk_widget_get_width (GTK_WIDGET (self)),
                           gtk_widget_get_height (GTK_WIDGET (self))))
    apply_layout (self);
  return G_SOURCE_REMOVE;
}

/* GdkFrameClock::layout, after GTK has allocated the window: a page allocated for the other
 * orientation is laid out again. The resize this queues is done in the same frame, before it is
 * drawn (the frame clock repeats its layout phase while a resize is pending): no flash of the
 * other layout on a portrait screen. */
static void
on_frame_layout (GdkFrameClock  *clock,
                 CabineCallPage *self)
{
  if (layout_needs_change (self, gtk_widget_get_width (GTK_WIDGET (self)),
                           gtk_widget_get_height (GTK_WIDGET (self))))
    apply_layout (self);
}

/* GTK 4.8 has no breakpoints: the page follows its allocation. Changing the layout queues a
 * resize, which must not happen while allocating: the change waits for the end of the frame
 * clock's layout phase (on_frame_layout()) or, unmapped, for an idle. The orientation depends on
 * the page's size only, which its children do not change: no loop. */
static void
cabine_call_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CabineCallPage *self = CABINE_CALL_PAGE (widget);

  if (self->layout_handler == 0 && self->layout_source == 0 &&
      layout_needs_change (self, width, height))
    self->layout_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_layout_idle, self, NULL);
  gtk_widget_allocate (self->layout_box, width, height, baseline, NULL);
}

static void
cabine_call_page_map (GtkWidget *widget)
{
  CabineCallPage *self = CABINE_CALL_PAGE (widget);

  GTK_WIDGET_CLASS (cabine_call_page_parent_class)->map (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_handler = g_signal_connect_after (self->frame_clock, "layout",
                                                 G_CALLBACK (on_frame_layout), self);
}

static void
cabine_call_page_unmap (GtkWidget *widget)
{
  CabineCallPage *self = CABINE_CALL_PAGE (widget);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->layout_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);
  GTK_WIDGET_CLASS (cabine_call_page_parent_class)->unmap (widget);
}

static void
cabine_call_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  gtk_widget_measure (CABINE_CALL_PAGE (widget)->layout_box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
cabine_call_page_dispose (GObject *object)
{
  CabineCallPage *self = CABINE_CALL_PAGE (object);

  g_clear_handle_id (&self->layout_source, g_source_remove);
  if (self->remote != NULL)
    g_clear_signal_handler (&self->remote_handler, self->remote);
  g_clear_object (&self->remote);
  g_clear_object (&self->local);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINE_TYPE_CALL_PAGE);
  G_OBJECT_CLASS (cabine_call_page_parent_class)->dispose (object);
}

static void
cabine_call_page_class_init (CabineCallPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cabine_call_page_dispose;
  widget_class->measure = cabine_call_page_measure;
  widget_class->size_allocate = cabine_call_page_size_allocate;
  widget_class->map = cabine_call_page_map;
  widget_class->unmap = cabine_call_page_unmap;

  signals[SIGNAL_HANG_UP] = g_signal_new ("hang-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, remote_picture);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, local_picture);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, video_area);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, self_view);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, layout_box);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, connecting_label);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, physician_label);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, readings_list);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, guide_panel);
  gtk_widget_class_bind_template_child (widget_class, CabineCallPage, hangup_button);
  gtk_widget_class_bind_template_callback (widget_class, on_hangup_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_self_view_position);
}

static void
cabine_call_page_init (CabineCallPage *self)
{
  g_type_ensure (CABINE_TYPE_GUIDE_PANEL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->confirm_box = confirm_box_new (self);
  g_signal_connect_object (self->remote_picture, "notify::scale-factor",
                           G_CALLBACK (on_scale_factor_changed), self, 0);
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (self->hangup_button)), self->confirm_box);
}

GtkWidget *
cabine_call_page_new (GListModel *readings)
{
  CabineCallPage *self = g_object_new (CABINE_TYPE_CALL_PAGE, NULL);
  g_autoptr(GtkSortListModel) newest_first = cabine_readings_newest_first (readings);

  /* The reading just taken, the one the physician asks about, comes first. */
  gtk_list_box_bind_model (self->readings_list, G_LIST_MODEL (newest_first), create_reading_row,
                           NULL, NULL);
  return GTK_WIDGET (self);
}

void
cabine_call_page_set_call (CabineCallPage *self,
                           GdkPaintable   *remote,
                           GdkPaintable   *local,
                           const char     *physician)
{
  g_autofree char *title = NULL;

  g_return_if_fail (CABINE_IS_CALL_PAGE (self));

  if (self->remote != remote)
    {
      if (self->remote != NULL)
        g_clear_signal_handler (&self->remote_handler, self->remote);
      g_set_object (&self->remote, remote);
      gtk_widget_set_visible (GTK_WIDGET (self->connecting_label), TRUE);
      if (remote != NULL)
        self->remote_handler = g_signal_connect (remote, "invalidate-contents",
                                                 G_CALLBACK (on_remote_invalidated), self);
    }
  g_set_object (&self->local, local);
  fit_videos (self);
  gtk_picture_set_paintable (self->remote_picture, remote);
  gtk_picture_set_paintable (self->local_picture, local);

  if (physician != NULL)
    /* Translators: %s is the physician's name, e.g. "Dr Martin". */
    title = g_strdup_printf (_("You are with %s"), physician);
  else
    title = g_strdup (_("You are with the doctor"));
  gtk_label_set_label (self->physician_label, title);
}

void
cabine_call_page_set_notice (CabineCallPage *self,
                             const char     *notice)
{
  g_return_if_fail (CABINE_IS_CALL_PAGE (self));

  gtk_label_set_label (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL && *notice != '\0');
  /* A notice says what is going on ("the doctor's camera is off", "reconnecting…"): no longer
   * "connecting" underneath it. */
  if (notice != NULL && *notice != '\0')
    gtk_widget_set_visible (GTK_WIDGET (self->connecting_label), FALSE);
}

void
cabine_call_page_set_remote (CabineCallPage *self,
                             CabineRemote   *remote)
{
  g_return_if_fail (CABINE_IS_CALL_PAGE (self));
  cabine_guide_panel_set_remote (self->guide_panel, remote);
}

GtkWidget *
cabine_call_page_get_guide_panel (CabineCallPage *self)
{
  g_return_val_if_fail (CABINE_IS_CALL_PAGE (self), NULL);
  return GTK_WIDGET (self->guide_panel);
}
