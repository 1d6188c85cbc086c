/* cabine-video-paintable.h: a GdkPaintable showing the frames of a GStreamer appsink
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define CABINE_TYPE_VIDEO_PAINTABLE (cabine_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (CabineVideoPaintable, cabine_video_paintable, CABINE, VIDEO_PAINTABLE, GObject)

/**
 * CABINE_VIDEO_PAINTABLE_CAPS:
 *
 * Caps to put on the appsink that feeds a #CabineVideoPaintable. I420 first: what the H.264
 * decoder and the cameras give, converted (and scaled, see
 * cabine_video_paintable_set_frame_size()) by the paintable with libyuv in the pushing thread
 * (cabine-video-convert.h), five times cheaper than GStreamer's videoconvert. Then packed 8-bit
 * RGB with an opaque alpha byte, kept as is without a copy: BGRA (cairo's ARGB32 on
 * little-endian machines: the paintable paints such frames with cairo directly, as GTK 4.8 would
 * convert every pixel of a memory texture through floats first), RGBA (drawn as a #GdkTexture).
 */
#define CABINE_VIDEO_PAINTABLE_CAPS "video/x-raw,format=(string){ I420, BGRA, RGBA }"

/**
 * cabine_video_paintable_new:
 *
 * Creates an empty paintable (intrinsic size 0×0, draws nothing). Frames pushed from any thread
 * are shown from the thread-default main context of the caller of this function.
 *
 * Returns: (transfer full): a new #CabineVideoPaintable
 */
CabineVideoPaintable *cabine_video_paintable_new           (void);

/**
 * cabine_video_paintable_push_sample:
 * @self: a #CabineVideoPaintable
 * @sample: (transfer none): a video sample whose caps match %CABINE_VIDEO_PAINTABLE_CAPS
 *
 * Thread-safe; meant for an appsink's new-sample callback. An I420 frame is converted to BGRA
 * in the calling thread (at the size cabine_video_paintable_set_frame_size() set, if any) and its
 * buffer released at once; a BGRA or RGBA buffer is mapped and kept alive (no copy) until GTK no
 * longer needs the texture. At most one frame waits for the main context:
 * a newer frame replaces a waiting one. Samples without a buffer or with unsupported caps are
 * dropped with a debug message.
 */
void                  cabine_video_paintable_push_sample   (CabineVideoPaintable *self,
                                                            GstSample            *sample);

/**
 * cabine_video_paintable_set_leader:
 * @self: a #CabineVideoPaintable, the follower
 * @leader: (transfer none): another paintable shown in the same window, whose frames come
 *   more often (the call's remote video for its self-view); @self keeps a reference
 *
 * Main context, once, before frames are pushed. While @leader receives frames (its last one
 * less than 100 ms ago), a frame pushed to @self waits and is shown with @leader's next frame:
 * GTK then draws the window once for both, not once for each (45 times a second for a 30-fps
 * remote video and a 15-fps self-view, against 30). Otherwise @self's frames are shown on their
 * own as usual. Both paintables must belong to the same main context.
 */
void                  cabine_video_paintable_set_leader    (CabineVideoPaintable *self,
                                                            CabineVideoPaintable *leader);
/**
 * cabine_video_paintable_set_frame_size:
 * @self: a #CabineVideoPaintable
 * @width: width in pixels the next I420 frames are made to, or 0
 * @height: height in pixels, or 0
 *
 * Thread-safe. I420 frames pushed from now on are scaled to @width × @height (a box filter)
 * before being shown, and that is the paintable's intrinsic size; 0 × 0, the default, keeps each
 * frame's own size. BGRA and RGBA frames are never scaled. For a view drawn far smaller than the
 * frames (the call's self-view, 320 × 180 from 1280 × 720): reducing once while converting
 * costs less than converting all the pixels and letting GTK scale them.
 */
void                  cabine_video_paintable_set_frame_size (CabineVideoPaintable *self,
                                                             int                   width,
                                                             int                   height);
/**
 * cabine_video_paintable_set_fit_scale:
 * @self: a #CabineVideoPaintable
 * @scale_factor: device pixels per unit of the widget that draws @self
 *   (gtk_widget_get_scale_factor()), at least 1; or 0 to stop fitting
 *
 * Main context. With a scale factor, each time GTK draws @self at some size (the view's, after
 * keeping the aspect ratio), I420 frames pushed from then on are made to that size in device
 * pixels, at most 3840 × 2160, as cabine_video_paintable_set_frame_size() would (libyuv's scaling
 * of the planes, then the conversion of fewer or more pixels), and GTK copies them to the
 * screen without scaling them again: for the call's remote video, whose 1280 × 720 frames are
 * drawn a little smaller or larger than they are, that saves GTK 4.8's cairo renderer a
 * bilinear scaling of every 32-bit pixel, which costs more than libyuv's. The paintable's
 * intrinsic size stays the frames' own, so the view's layout does not follow its own drawing.
 * Until a frame of the drawn size arrives (the first one, and after the view is resized), the
 * frame there is scaled by GTK as usual. 0, the default, stops fitting: frames are made at
 * their own size again. Call it again when the widget's scale factor changes. BGRA and RGBA
 * frames are never scaled.
 */
void                  cabine_video_paintable_set_fit_scale  (CabineVideoPaintable *self,
                                                             int                   scale_factor);
/**
 * cabine_video_paintable_get_texture:
 * @self: a #CabineVideoPaintable
 *
 * Returns: (transfer none) (nullable): the frame shown now, or %NULL before the first frame or
 *   after cabine_video_paintable_clear()
 */
GdkTexture           *cabine_video_paintable_get_texture   (CabineVideoPaintable *self);

/**
 * cabine_video_paintable_clear:
 * @self: a #CabineVideoPaintable
 *
 * Drops the current and any waiting frame (e.g. at the end of a call); main context only.
 */
void                  cabine_video_paintable_clear         (CabineVideoPaintable *self);

G_END_DECLS
