/* cabine-video-paintable.c: a GdkPaintable showing the frames of a GStreamer appsink
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-media"

#include "cabine-video-paintable.h"

#include "cabine-video-convert.h"

#include <gst/video/video.h>
#include <gtk/gtk.h>
#include <math.h>

typedef struct {
  GBytes *bytes;
  int width;
  int height;
  gsize stride;
  GdkMemoryFormat format;
  int intrinsic_width;     /* the paintable's intrinsic size while this frame is shown */
  int intrinsic_height;
} PendingFrame;

/* A frame in cairo's layout, shared by the paintable and the cairo patterns GTK's render nodes
 * keep (g_rc_box). */
typedef struct {
  GBytes *bytes;
  int width;
  int height;
  int stride;
} RasterFrame;

struct _CabineVideoPaintable {
  GObject parent_instance;

  GMainContext *context;
  GdkTexture *texture;
  /* The texture's pixels, if in cairo's layout, drawn through a cairo raster-source pattern. A
   * cairo node records what is painted into it; from an image surface, cairo keeps a snapshot of
   * the surface, and when the surface goes it copies it whole for the snapshot (3.5 MiB cleared
   * and copied per 720p frame, a sixth of GTK's thread in tests/bench). A raster source lets
   * the recording keep a reference to the frame instead (raster_copy(), raster_finish()). */
  RasterFrame *raster;

  int frame_width;         /* size YUV frames are drawn at, 0 for their own (atomic) */
  int frame_height;
  /* Device pixels per unit of the view drawing the paintable when frames are made to the size
   * they are drawn at, else 0 (atomic; cabine_video_paintable_set_fit_scale()). */
  int fit_scale;
  int intrinsic_width;     /* main context */
  int intrinsic_height;

  /* A follower's frames wait for its leader's next one while the leader is receiving frames, so
   * that GTK draws the window once for both (cabine_video_paintable_set_leader()). */
  CabineVideoPaintable *leader;     /* (ref) set once, before any frame */
  CabineVideoPaintable *follower;   /* (weak) main context */

  GMutex lock;             /* protects pending, scheduled and last_push_us */
  PendingFrame *pending;
  gboolean scheduled;
  gint64 last_push_us;     /* monotonic time of the last frame pushed */
};

/* The largest frame made to a view's size (cabine_video_paintable_set_fit_scale()): a 4K
 * screen's, 33 MiB of pixels. */
#define MAX_FIT_WIDTH 3840
#define MAX_FIT_HEIGHT 2160

/* How long after its last frame a leader still counts as receiving: three frames at 30 fps. */
#define LEADER_WINDOW_US (100 * G_TIME_SPAN_MILLISECOND)

/* Cairo's ARGB32: premultiplied, one native-endian 32-bit word per pixel (B, G, R, A in memory on
 * little-endian machines). */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define CAIRO_NATIVE_FORMAT GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
#else
#define CAIRO_NATIVE_FORMAT GDK_MEMORY_A8R8G8B8_PREMULTIPLIED
#endif

static void cabine_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabineVideoPaintable, cabine_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      cabine_video_paintable_iface_init))

static void
pending_frame_free (PendingFrame *frame)
{
  g_bytes_unref (frame->bytes);
  g_free (frame);
}

static void
mapped_frame_free (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);   /* also drops the frame's buffer reference */
  g_free (frame);
}

static void
raster_frame_clear (gpointer data)
{
  RasterFrame *raster = data;

  g_bytes_unref (raster->bytes);
}

static void
raster_frame_release (RasterFrame *raster)
{
  g_rc_box_release_full (raster, raster_frame_clear);
}

/* cairo's raster-source callbacks: the pattern and each copy of it (the recording's) hold one
 * reference to the frame; drawing wraps its pixels in a surface for the time of the operation. */
static cairo_surface_t *
raster_acquire (cairo_pattern_t             *pattern,
                void                        *data,
                cairo_surface_t             *target,
                const cairo_rectangle_int_t *extents)
{
  RasterFrame *raster = data;

  return cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (raster->bytes, NULL),
                                              CAIRO_FORMAT_ARGB32, raster->width, raster->height,
                                              raster->stride);
}

static void
raster_release (cairo_pattern_t *pattern,
                void            *data,
                cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
raster_copy (cairo_pattern_t       *pattern,
             void                  *data,
             const cairo_pattern_t *other)
{
  g_rc_box_acquire (data);
  return CAIRO_STATUS_SUCCESS;
}

static void
raster_finish (cairo_pattern_t *pattern,
               void            *data)
{
  raster_frame_release (data);
}

/* Main context, fitting: the frame size, in device pixels, for a view @width × @height units at
 * @scale device pixels a unit, bounded to MAX_FIT_WIDTH × MAX_FIT_HEIGHT. */
static void
fit_size (double  width,
          double  height,
          int     scale,
          int    *fit_width,
          int    *fit_height)
{
  *fit_width = (int) CLAMP (round (width * scale), 1, MAX_FIT_WIDTH);
  *fit_height = (int) CLAMP (round (height * scale), 1, MAX_FIT_HEIGHT);
}

static void
cabine_video_paintable_snapshot (GdkPaintable *paintable,
                                 GdkSnapshot  *snapshot,
                                 double        width,
                                 double        height)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (paintable);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *cr;
  double x = 0, y = 0;
  gboolean copy;
  int w, h, scale;

  if (self->texture == NULL || width <= 0 || height <= 0)
    return;

  scale = g_atomic_int_get (&self->fit_scale);
  if (scale > 0)
    {
      int fit_width, fit_height;

      /* The next frames are made to this size (cabine_video_paintable_push_sample()). */
      fit_size (width, height, scale, &fit_width, &fit_height);
      if (g_atomic_int_get (&self->frame_width) != fit_width ||
          g_atomic_int_get (&self->frame_height) != fit_height)
        {
          g_atomic_int_set (&self->frame_width, fit_width);
          g_atomic_int_set (&self->frame_height, fit_height);
        }
    }

  if (self->raster == NULL)   /* not in cairo's layout */
    {
      gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
      return;
    }

  /* GTK 4.8 draws a memory texture with the cairo renderer by converting every pixel to floats and
   * back (gdk_memory_convert()), the kiosk's largest CPU cost in tests/bench: the frame is in
   * cairo's own layout already, so paint it straight, scaled once, opaque pixels copied. */
  w = self->raster->width;
  h = self->raster->height;
  copy = width == w && height == h;
  if (scale > 0 && fabs (w - width * scale) < 1 && fabs (h - height * scale) < 1)
    {
      /* A frame made to this view's size (rounded to whole pixels): drawn one frame pixel to a
       * device pixel, centred, which cairo and pixman do as a plain copy. pixman's bilinear
       * scaling of every 32-bit pixel was a tenth of the kiosk's samples in tests/bench;
       * libyuv's scaling of the I420 planes before the conversion costs about half of that. */
      x = (width - (double) w / scale) / 2;
      y = (height - (double) h / scale) / 2;
      width = (double) w / scale;
      height = (double) h / scale;
      copy = TRUE;
    }
  pattern = cairo_pattern_create_raster_source (g_rc_box_acquire (self->raster),
                                                CAIRO_CONTENT_COLOR_ALPHA, w, h);
  cairo_raster_source_pattern_set_acquire (pattern, raster_acquire, raster_release);
  cairo_raster_source_pattern_set_copy (pattern, raster_copy);
  cairo_raster_source_pattern_set_finish (pattern, raster_finish);
  cairo_matrix_init_scale (&matrix, w / width, h / height);   /* user space → frame pixels */
  cairo_matrix_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, copy ? CAIRO_FILTER_FAST : CAIRO_FILTER_BILINEAR);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, width, height));
  cairo_set_source (cr, pattern);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_pattern_destroy (pattern);
}

static GdkPaintable *
cabine_video_paintable_get_current_image (GdkPaintable *paintable)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return g_object_ref (GDK_PAINTABLE (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
cabine_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? self->intrinsic_width : 0;
}

static int
cabine_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? self->intrinsic_height : 0;
}

static double
cabine_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL || self->intrinsic_height == 0)
    return 0.0;
  return (double) self->intrinsic_width / self->intrinsic_height;
}

static void
cabine_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = cabine_video_paintable_snapshot;
  iface->get_current_image = cabine_video_paintable_get_current_image;
  iface->get_intrinsic_width = cabine_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = cabine_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = cabine_video_paintable_get_intrinsic_aspect_ratio;
}

static void
cabine_video_paintable_finalize (GObject *object)
{
  CabineVideoPaintable *self = CABINE_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->raster, raster_frame_release);
  g_clear_pointer (&self->pending, pending_frame_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  /* The leader's weak pointer to us was cleared before finalize; it cannot go before us. */
  g_clear_object (&self->leader);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cabine_video_paintable_parent_class)->finalize (object);
}

static void
cabine_video_paintable_class_init (CabineVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_video_paintable_finalize;
}

static void
cabine_video_paintable_init (CabineVideoPaintable *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
}

CabineVideoPaintable *
cabine_video_paintable_new (void)
{
  return g_object_new (CABINE_TYPE_VIDEO_PAINTABLE, NULL);
}

/* Any thread: @yuv converted (and scaled) for drawing, B, G, R, A bytes. */
static PendingFrame *
new_converted_frame (const GstVideoFrame *yuv,
                     int                  width,
                     int                  height)
{
  PendingFrame *frame = g_new0 (PendingFrame, 1);
  guint8 *pixels;

  frame->width = width > 0 && height > 0 ? width : GST_VIDEO_FRAME_WIDTH (yuv);
  frame->height = width > 0 && height > 0 ? height : GST_VIDEO_FRAME_HEIGHT (yuv);
  frame->format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
  frame->stride = (gsize) frame->width * 4;
  frame->intrinsic_width = frame->width;
  frame->intrinsic_height = frame->height;
  pixels = g_malloc (frame->stride * frame->height);
  cabine_video_convert_to_bgra (yuv, pixels, frame->stride, frame->width, frame->height);
  frame->bytes = g_bytes_new_take (pixels, frame->stride * frame->height);
  return frame;
}

/* Main context: turns the waiting frame, if any, into the current texture. */
static void
apply_pending_frame (CabineVideoPaintable *self)
{
  PendingFrame *frame;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->pending);
  self->scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (frame == NULL)
    return;

  size_changed = self->texture == NULL ||
                 self->intrinsic_width != frame->intrinsic_width ||
                 self->intrinsic_height != frame->intrinsic_height;
  self->intrinsic_width = frame->intrinsic_width;
  self->intrinsic_height = frame->intrinsic_height;

  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (frame->width, frame->height, frame->format,
                                          frame->bytes, frame->stride);
  g_clear_pointer (&self->raster, raster_frame_release);
  if (frame->format == CAIRO_NATIVE_FORMAT && frame->stride <= G_MAXINT)
    {
      self->raster = g_rc_box_new0 (RasterFrame);
      self->raster->bytes = g_bytes_ref (frame->bytes);
      self->raster->width = frame->width;
      self->raster->height = frame->height;
      self->raster->stride = (int) frame->stride;
    }
  pending_frame_free (frame);

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static gboolean
show_pending_frame (gpointer data)
{
  CabineVideoPaintable *self = data;

  apply_pending_frame (self);
  if (self->follower != NULL)
    apply_pending_frame (self->follower);
  return G_SOURCE_REMOVE;
}

/* Any thread: whether a follower's frame may wait for @leader's next one. */
static gboolean
leader_is_receiving (CabineVideoPaintable *leader,
                     gint64                now)
{
  gboolean receiving;

  g_mutex_lock (&leader->lock);
  receiving = leader->last_push_us != 0 && now - leader->last_push_us < LEADER_WINDOW_US;
  g_mutex_unlock (&leader->lock);
  return receiving;
}

void
cabine_video_paintable_push_sample (CabineVideoPaintable *self,
                                    GstSample            *sample)
{
  GstBuffer *buffer;
  GstCaps *caps;
  GstVideoInfo info;
  GstVideoFrame *mapped;
  PendingFrame *frame;
  GdkMemoryFormat format;
  gboolean schedule = FALSE;
  gboolean wait_for_leader;
  gint64 now;

  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (sample != NULL);

  buffer = gst_sample_get_buffer (sample);
  caps = gst_sample_get_caps (sample);
  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    {
      g_debug ("dropping a sample without buffer or video caps");
      return;
    }

  if (cabine_video_convert_supports (&info))
    {
      GstVideoFrame yuv;

      /* Converted here, in the streaming thread, and scaled if a size is set: the main thread
       * only draws. */
      if (!gst_video_frame_map (&yuv, &info, buffer, GST_MAP_READ))
        {
          g_debug ("dropping a sample that cannot be mapped");
          return;
        }
      frame = new_converted_frame (&yuv, g_atomic_int_get (&self->frame_width),
                                   g_atomic_int_get (&self->frame_height));
      if (g_atomic_int_get (&self->fit_scale) > 0)
        {
          /* Made to the view's size: the paintable's size stays the picture's own. */
          frame->intrinsic_width = GST_VIDEO_INFO_WIDTH (&info);
          frame->intrinsic_height = GST_VIDEO_INFO_HEIGHT (&info);
        }
      gst_video_frame_unmap (&yuv);
    }
  else
    {
      switch (GST_VIDEO_INFO_FORMAT (&info))
        {
        /* Opaque frames: the alpha byte is 0xff, so premultiplied and straight alpha are the same
         * and the premultiplied formats spare GTK a conversion. */
        case GST_VIDEO_FORMAT_BGRA:
          format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
          break;
        case GST_VIDEO_FORMAT_RGBA:
          format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
          break;
        default:
          g_debug ("dropping a sample in unsupported format %s",
                   gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)));
          return;
        }

      mapped = g_new0 (GstVideoFrame, 1);
      if (!gst_video_frame_map (mapped, &info, buffer, GST_MAP_READ))
        {
          g_debug ("dropping a sample that cannot be mapped");
          g_free (mapped);
          return;
        }

      frame = g_new0 (PendingFrame, 1);
      frame->width = GST_VIDEO_FRAME_WIDTH (mapped);
      frame->height = GST_VIDEO_FRAME_HEIGHT (mapped);
      frame->stride = GST_VIDEO_FRAME_PLANE_STRIDE (mapped, 0);
      frame->format = format;
      frame->intrinsic_width = frame->width;
      frame->intrinsic_height = frame->height;
      frame->bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (mapped, 0),
                                                 frame->stride * (gsize) frame->height,
                                                 mapped_frame_free, mapped);
    }

  now = g_get_monotonic_time ();
  wait_for_leader = self->leader != NULL && leader_is_receiving (self->leader, now);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, pending_frame_free);
  self->pending = frame;
  self->last_push_us = now;
  if (!self->scheduled && !wait_for_leader)
    {
      self->scheduled = TRUE;
      schedule = TRUE;
    }
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      /* An idle source, not g_main_context_invoke_full(), which would draw on this streaming
       * thread whenever no thread holds the main context. */
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, show_pending_frame, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "cabine_video_paintable_show");
      g_source_attach (source, self->context);
    }
}

void
cabine_video_paintable_set_leader (CabineVideoPaintable *self,
                                   CabineVideoPaintable *leader)
{
  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (leader));
  g_return_if_fail (self != leader);
  g_return_if_fail (self->leader == NULL && leader->follower == NULL);
  g_return_if_fail (self->context == leader->context);

  self->leader = g_object_ref (leader);
  g_set_weak_pointer (&leader->follower, self);
}

void
cabine_video_paintable_set_frame_size (CabineVideoPaintable *self,
                                       int                   width,
                                       int                   height)
{
  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (width >= 0 && height >= 0);

  g_atomic_int_set (&self->frame_width, width);
  g_atomic_int_set (&self->frame_height, height);
}

void
cabine_video_paintable_set_fit_scale (CabineVideoPaintable *self,
                                      int                   scale_factor)
{
  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (scale_factor >= 0);

  if (g_atomic_int_get (&self->fit_scale) == scale_factor)
    return;
  g_atomic_int_set (&self->fit_scale, scale_factor);
  if (scale_factor == 0)
    {
      /* Back to each frame's own size. */
      g_atomic_int_set (&self->frame_width, 0);
      g_atomic_int_set (&self->frame_height, 0);
    }
  /* Measured when the next frame is drawn. */
}

GdkTexture *
cabine_video_paintable_get_texture (CabineVideoPaintable *self)
{
  g_return_val_if_fail (CABINE_IS_VIDEO_PAINTABLE (self), NULL);

  return self->texture;
}

void
cabine_video_paintable_clear (CabineVideoPaintable *self)
{
  g_return_if_fail (CABINE_IS_VIDEO_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, pending_frame_free);
  g_mutex_unlock (&self->lock);

  if (self->texture != NULL)
    {
      g_clear_object (&self->texture);
      g_clear_pointer (&self->raster, raster_frame_release);
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
      gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
    }
}

