/* cabine-call-sources.c: the call's video sources (room camera, exam cameras) and snapshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-sources.h"

#include <gst/app/app.h>
#include <gst/video/video.h>

#include "cabine-call-pipeline.h"
#include "cabine-call-private.h"
#include "cabine-media-error.h"
#include "cabine-test-clip.h"

#define SELECTOR_NAME "cabine-selector"
#define SNAPSHOT_SINK_NAME "cabine-snapshot-sink"
#define SOURCE_KEY "cabine-call-source"
#define MONITOR_KEY "cabine-call-camera-monitor"
#define STATE_KEY "cabine-call-sources"
/* How long encoding one still may take before it is given up. */
#define SNAPSHOT_TIMEOUT (5 * GST_SECOND)
/* videorate fills no gap longer than this: an unselected camera's frames are dropped before the
 * scaler, and the first one after a switch must not be followed by a burst of copies. */
#define MAX_DUPLICATION (200 * GST_MSECOND)

static const struct {
  const char *name;
  const char *pattern;   /* the exam videotestsrc's pattern (GstVideoTestSrcPattern nick) */
} sources[CABINE_CAMERA_N_ROLES] = {
  [CABINE_CAMERA_ROLE_ROOM] = { CABINE_CALL_SOURCE_ROOM, NULL },
  [CABINE_CAMERA_ROLE_OTOSCOPE] = { CABINE_CALL_SOURCE_OTOSCOPE, "pinwheel" },
  [CABINE_CAMERA_ROLE_DERMATOSCOPE] = { CABINE_CALL_SOURCE_DERMATOSCOPE, "checkers-8" },
};

/* The sources of one started call, kept on the call (STATE_KEY). Main thread, except `active`. */
typedef struct {
  GstElement *bin;                              /* "cabine-sources" (ref) */
  GstElement *selector;                         /* (ref) */
  GstPad *room_pad;                             /* selector sink pad of the room camera (ref) */
  GstElement *test;                             /* the exam test stills, or NULL (ref) */
  GstPad *test_pad;                             /* their selector sink pad, or NULL (ref) */
  GstElement *branch[CABINE_CAMERA_N_ROLES];    /* a camera's bin (ref), or NULL */
  GstPad *branch_pad[CABINE_CAMERA_N_ROLES];    /* its selector request pad (ref) */
  GstElement *native[CABINE_CAMERA_N_ROLES];    /* its native-frame fakesink (ref) */
  gint active;                                  /* CabineCameraRole being sent (atomic) */
} Sources;

static void
sources_free (Sources *s)
{
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    {
      gst_clear_object (&s->branch[r]);
      gst_clear_object (&s->branch_pad[r]);
      gst_clear_object (&s->native[r]);
    }
  gst_clear_object (&s->room_pad);
  gst_clear_object (&s->test_pad);
  gst_clear_object (&s->test);
  gst_clear_object (&s->selector);
  gst_clear_object (&s->bin);
  g_free (s);
}

static int
source_index (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sources); i++)
    if (g_str_equal (name, sources[i].name))
      return (int) i;
  return -1;
}

gboolean
cabine_call_source_is_valid (const char *name)
{
  return source_index (name) >= 0;
}

static char *
capture_caps (void)
{
  return g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1,"
                          "pixel-aspect-ratio=1/1", CABINE_CALL_VIDEO_WIDTH,
                          CABINE_CALL_VIDEO_HEIGHT, CABINE_CALL_VIDEO_FPS);
}

void
cabine_call_set_camera_monitor (CabineCall          *self,
                                CabineCameraMonitor *monitor)
{
  g_return_if_fail (CABINE_IS_CALL (self));
  g_return_if_fail (monitor == NULL || CABINE_IS_CAMERA_MONITOR (monitor));
  g_return_if_fail (!self->started);

  g_object_set_data_full (G_OBJECT (self), MONITOR_KEY,
                          monitor != NULL ? g_object_ref (monitor) : NULL, g_object_unref);
}

/* ---- one camera's branch ---- */

/* The largest format the camera offers, raw or Motion-JPEG, at the frame rate nearest the call's. */
static GstCaps *
native_caps (GstDevice *device)
{
  g_autoptr(GstCaps) caps = gst_device_get_caps (device);
  GstStructure *best = NULL;
  gint64 best_area = 0;
  GstCaps *result;

  for (guint i = 0; caps != NULL && i < gst_caps_get_size (caps); i++)
    {
      GstStructure *s = gst_structure_copy (gst_caps_get_structure (caps, i));
      gboolean raw = gst_structure_has_name (s, "video/x-raw");
      int width = 0, height = 0;
      gint64 area;

      /* (These return FALSE for a field that is already fixed.) */
      gst_structure_fixate_field_nearest_int (s, "width", G_MAXINT);
      gst_structure_fixate_field_nearest_int (s, "height", G_MAXINT);
      if ((!raw && !gst_structure_has_name (s, "image/jpeg")) ||
          !gst_structure_get_int (s, "width", &width) || !gst_structure_get_int (s, "height", &height))
        {
          gst_structure_free (s);
          continue;
        }
      area = (gint64) width * height;
      /* Raw wins a tie: no decoding. */
      if (area > best_area || (area == best_area && raw && best != NULL &&
                               !gst_structure_has_name (best, "video/x-raw")))
        {
          g_clear_pointer (&best, gst_structure_free);
          best = s;
          best_area = area;
        }
      else
        gst_structure_free (s);
    }
  if (best == NULL)
    return NULL;
  if (gst_structure_has_field (best, "framerate"))
    gst_structure_fixate_field_nearest_fraction (best, "framerate", CABINE_CALL_VIDEO_FPS, 1);
  result = gst_caps_new_empty ();
  gst_caps_append_structure (result, best);
  return gst_caps_fixate (result);
}

static GstPadProbeReturn
drop_unless_selected (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         data)
{
  Sources *s = g_object_get_data (G_OBJECT (pad), STATE_KEY);

  return s != NULL && g_atomic_int_get (&s->active) == GPOINTER_TO_INT (data) ? GST_PAD_PROBE_OK
                                                                              : GST_PAD_PROBE_DROP;
}

/* device ! capsfilter(native) ! tee, then
 *   tee ! queue ! fakesink (the last native frame, for stills: Motion-JPEG stays encoded)
 *   tee ! queue ! [jpegdec !] videoscale ! videoconvert ! videorate ! capsfilter(call caps) → "src"
 * A Motion-JPEG camera's frames are decoded only while it is selected: a 1920×1080 camera at
 * 30 fps costs libjpeg-turbo several milliseconds a frame, a sixth of a core or more, for frames
 * the call drops. */
static GstElement *
build_branch (Sources          *s,
              CabineCameraRole  role,
              GstDevice        *device,
              GError          **error)
{
  g_autofree char *bin_name = g_strdup_printf ("cabine-camera-%s", sources[role].name);
  g_autofree char *sink_name = g_strdup_printf ("cabine-native-%s", sources[role].name);
  g_autofree char *display = gst_device_get_display_name (device);
  g_autofree char *call_caps_text = capture_caps ();
  g_autoptr(GstCaps) call_caps = gst_caps_from_string (call_caps_text);
  g_autoptr(GstCaps) caps = native_caps (device);
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstPad) scaled = NULL;
  g_autoptr(GstPad) gate = NULL;
  GstElement *camera, *native_filter, *decoder = NULL, *tee, *q1, *sink, *q2, *scale, *convert,
             *rate, *call_filter;
  GstElement *first;

  if (caps == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "camera \"%s\" offers no raw or JPEG video format", display);
      return NULL;
    }
  bin = gst_object_ref_sink (gst_bin_new (bin_name));
  camera = gst_device_create_element (device, NULL);
  native_filter = gst_element_factory_make ("capsfilter", NULL);
  if (gst_structure_has_name (gst_caps_get_structure (caps, 0), "image/jpeg"))
    decoder = gst_element_factory_make ("jpegdec", NULL);
  tee = gst_element_factory_make ("tee", NULL);
  q1 = gst_element_factory_make ("queue", NULL);
  sink = gst_element_factory_make ("fakesink", sink_name);
  q2 = gst_element_factory_make ("queue", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  convert = gst_element_factory_make ("videoconvert", NULL);
  rate = gst_element_factory_make ("videorate", NULL);
  call_filter = gst_element_factory_make ("capsfilter", NULL);
  if (camera == NULL || native_filter == NULL || tee == NULL || q1 == NULL || sink == NULL ||
      q2 == NULL || scale == NULL || convert == NULL || rate == NULL || call_filter == NULL ||
      (decoder == NULL && !gst_structure_has_name (gst_caps_get_structure (caps, 0), "video/x-raw")))
    {
      GstElement *all[] = { camera, native_filter, decoder, tee, q1, sink, q2, scale, convert, rate,
                            call_filter };

      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        if (all[i] != NULL)
          gst_object_unref (gst_object_ref_sink (all[i]));
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "camera \"%s\": its source element, or tee, queue, fakesink, videoscale, "
                   "videoconvert, videorate, capsfilter or jpegdec is not installed", display);
      return NULL;
    }
  g_object_set (native_filter, "caps", caps, NULL);
  g_object_set (call_filter, "caps", call_caps, NULL);
  /* Both queues keep at most one frame and drop the older one: a still is the latest frame and
   * the call never waits for the camera. */
  g_object_set (q1, "max-size-buffers", 1, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                "leaky", 2, NULL);
  g_object_set (q2, "max-size-buffers", 1, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                "leaky", 2, NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, "enable-last-sample", TRUE, NULL);
  g_object_set (rate, "max-duplication-time", (guint64) MAX_DUPLICATION, NULL);
  gst_bin_add_many (GST_BIN (bin), camera, native_filter, tee, q1, sink, q2, scale, convert, rate,
                    call_filter, NULL);
  if (decoder != NULL)
    gst_bin_add (GST_BIN (bin), decoder);
  first = decoder != NULL ? decoder : scale;
  if (!gst_element_link_many (camera, native_filter, tee, NULL) ||
      !gst_element_link_many (tee, q1, sink, NULL) || !gst_element_link_many (tee, q2, first, NULL) ||
      (decoder != NULL && !gst_element_link (decoder, scale)) ||
      !gst_element_link_many (scale, convert, rate, call_filter, NULL))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link camera \"%s\" to its scaler", display);
      return NULL;
    }
  /* Frames of an unselected camera stop before the decoder or the scaler (they cost the most). */
  gate = gst_element_get_static_pad (first, "sink");
  g_object_set_data (G_OBJECT (gate), STATE_KEY, s);
  gst_pad_add_probe (gate, GST_PAD_PROBE_TYPE_BUFFER, drop_unless_selected, GINT_TO_POINTER (role),
                     NULL);
  scaled = gst_element_get_static_pad (call_filter, "src");
  if (!gst_element_add_pad (bin, gst_ghost_pad_new ("src", scaled)))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot expose camera \"%s\"", display);
      return NULL;
    }
  s->native[role] = gst_object_ref (sink);
  return g_steal_pointer (&bin);
}

/* Adds @device's branch for @role to a running or building sources bin. */
static gboolean
attach_camera (Sources           *s,
               CabineCameraRole   role,
               GstDevice         *device,
               gboolean           running,
               GError           **error)
{
  g_autoptr(GstElement) branch = NULL;
  GstPad *pad;

  if (role == CABINE_CAMERA_ROLE_ROOM || s->branch[role] != NULL)
    return TRUE;
  if ((branch = build_branch (s, role, device, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (s->bin), branch);
  pad = gst_element_request_pad_simple (s->selector, "sink_%u");
  if (pad == NULL || !gst_element_link_pads (branch, "src", s->selector, GST_OBJECT_NAME (pad)))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the %s to the video selector", sources[role].name);
      if (pad != NULL)
        {
          gst_element_release_request_pad (s->selector, pad);
          gst_object_unref (pad);
        }
      gst_clear_object (&s->native[role]);
      gst_bin_remove (GST_BIN (s->bin), branch);
      return FALSE;
    }
  s->branch[role] = gst_object_ref (branch);
  s->branch_pad[role] = pad;
  if (running)
    gst_element_sync_state_with_parent (branch);
  return TRUE;
}

static void
detach_camera (Sources          *s,
               CabineCameraRole  role)
{
  g_autoptr(GstElement) branch = g_steal_pointer (&s->branch[role]);
  g_autoptr(GstPad) pad = g_steal_pointer (&s->branch_pad[role]);

  if (branch == NULL)
    return;
  gst_clear_object (&s->native[role]);
  gst_element_set_locked_state (branch, TRUE);
  gst_element_set_state (branch, GST_STATE_NULL);   /* joins its streaming thread */
  gst_element_unlink (branch, s->selector);
  gst_element_release_request_pad (s->selector, pad);
  gst_bin_remove (GST_BIN (s->bin), branch);
}

static GstPad *
role_pad (Sources          *s,
          CabineCameraRole  role)
{
  if (role == CABINE_CAMERA_ROLE_ROOM)
    return s->room_pad;
  return s->branch_pad[role] != NULL ? s->branch_pad[role] : s->test_pad;
}

static void
select_role (CabineCall       *self,
             Sources          *s,
             CabineCameraRole  role)
{
  g_autoptr(GstElement) encoder = NULL;

  if (s->branch_pad[role] == NULL && sources[role].pattern != NULL && s->test != NULL)
    cabine_test_clip_show_still (s->test, role - CABINE_CAMERA_ROLE_OTOSCOPE);
  g_atomic_int_set (&s->active, (gint) role);
  g_object_set (s->selector, "active-pad", role_pad (s, role), NULL);
  g_object_set_data (G_OBJECT (self), SOURCE_KEY, (gpointer) sources[role].name);
  g_message ("video source: %s", sources[role].name);

  /* A cut to another scene: a key frame at once rather than at the next periodic one. */
  if ((encoder = gst_bin_get_by_name (GST_BIN (self->pipeline), "encoder")) != NULL)
    {
      g_autoptr(GstPad) src = gst_element_get_static_pad (encoder, "src");

      if (src != NULL)
        gst_pad_send_event (src, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
                                                                             TRUE, 0));
    }
}

/* The camera of @role is gone or broken: back to the room camera if it was being sent. */
static void
lose_camera (CabineCall       *self,
             Sources          *s,
             CabineCameraRole  role)
{
  gboolean was_active = g_atomic_int_get (&s->active) == (gint) role;

  if (was_active)
    select_role (self, s, CABINE_CAMERA_ROLE_ROOM);
  detach_camera (s, role);
  if (was_active)
    g_signal_emit_by_name (self, "source-lost", sources[role].name);
}

static void
on_camera_added (CabineCameraMonitor *monitor,
                 guint                role,
                 GstDevice           *device,
                 CabineCall          *self)
{
  Sources *s = g_object_get_data (G_OBJECT (self), STATE_KEY);
  g_autoptr(GError) error = NULL;

  if (s == NULL || self->stopped || role >= CABINE_CAMERA_N_ROLES)
    return;
  if (!attach_camera (s, role, device, TRUE, &error))
    g_warning ("the %s cannot be used: %s", sources[role].name, error->message);
}

static void
on_camera_removed (CabineCameraMonitor *monitor,
                   guint                role,
                   GstDevice           *device,
                   CabineCall          *self)
{
  Sources *s = g_object_get_data (G_OBJECT (self), STATE_KEY);

  /* (The room camera's branch, when a device, is no branch[]: it stays for the call.) */
  if (s == NULL || self->stopped || role >= CABINE_CAMERA_N_ROLES || s->branch[role] == NULL)
    return;
  lose_camera (self, s, role);
}

gboolean
cabine_call_sources_handle_error (CabineCall *self,
                                  GstMessage *message)
{
  Sources *s;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);

  s = g_object_get_data (G_OBJECT (self), STATE_KEY);
  for (guint r = 0; s != NULL && r < CABINE_CAMERA_N_ROLES; r++)
    if (s->branch[r] != NULL &&
        gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (s->branch[r])))
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_warning ("the %s failed (%s); the call goes on without it", sources[r].name,
                   error != NULL ? error->message : "unknown error");
        if (!self->stopped)
          lose_camera (self, s, r);
        return TRUE;
      }
  return FALSE;
}

GstElement *
cabine_call_sources_build (CabineCall  *self,
                           GError     **error)
{
  const CabineCallOptions *options = &self->options;
  CabineCameraMonitor *monitor = g_object_get_data (G_OBJECT (self), MONITOR_KEY);
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstPad) tee_src = NULL;
  GstElement *room, *selector, *tee, *snapshot;
  GstDevice *room_device = NULL;
  gboolean test_patterns = g_strcmp0 (options->video_source, "test") == 0;
  Sources *s;

  g_return_val_if_fail (CABINE_IS_CALL (self), NULL);

  bin = gst_object_ref_sink (gst_bin_new ("cabine-sources"));
  s = g_new0 (Sources, 1);
  s->bin = gst_object_ref (bin);
  s->active = CABINE_CAMERA_ROLE_ROOM;
  g_object_set_data_full (G_OBJECT (self), STATE_KEY, s, (GDestroyNotify) sources_free);
  /* The room camera: the monitor's, when a rule names it (for the whole call), else the options'. */
  if (monitor != NULL &&
      (room_device = cabine_camera_monitor_get_device (monitor, CABINE_CAMERA_ROLE_ROOM)) != NULL)
    room = build_branch (s, CABINE_CAMERA_ROLE_ROOM, room_device, error);
  else
    room = cabine_call_pipeline_video_capture (options, error);
  if (room == NULL)
    return NULL;
  gst_bin_add (GST_BIN (bin), room);
  if (room_device != NULL)
    gst_object_unref (room);   /* build_branch() gave a full reference, the bin has its own */

  selector = gst_element_factory_make ("input-selector", SELECTOR_NAME);
  tee = gst_element_factory_make ("tee", NULL);
  snapshot = gst_element_factory_make ("fakesink", SNAPSHOT_SINK_NAME);
  if (selector == NULL || tee == NULL || snapshot == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "GStreamer core elements input-selector, tee or fakesink are not installed");
      g_clear_object (&selector);
      g_clear_object (&tee);
      g_clear_object (&snapshot);
      return NULL;
    }
  /* Frames of the unselected source are dropped at once rather than waited for. */
  g_object_set (selector, "sync-streams", FALSE, NULL);
  /* Keeps a reference to the last frame only, never waits for the clock or preroll. */
  g_object_set (snapshot, "sync", FALSE, "async", FALSE, "enable-last-sample", TRUE, NULL);
  gst_bin_add_many (GST_BIN (bin), selector, tee, snapshot, NULL);
  if (!gst_element_link_pads (room, "src", selector, "sink_0") ||
      !gst_element_link (selector, tee) || !gst_element_link (tee, snapshot))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the video sources to their selector");
      return NULL;
    }

  s->selector = gst_object_ref (selector);
  s->room_pad = gst_element_get_static_pad (selector, "sink_0");

  /* Test patterns stand in for the exam cameras in demos and tests only ([media]
   * video-source=test), never silently in production: one still per exam role, drawn once and
   * handed out again at every frame, live on the pipeline clock as the room camera is. */
  if (test_patterns)
    {
      const char *patterns[CABINE_CAMERA_N_ROLES] = { NULL };
      GstElement *exam;

      for (guint r = CABINE_CAMERA_ROLE_OTOSCOPE; r < CABINE_CAMERA_N_ROLES; r++)
        patterns[r - CABINE_CAMERA_ROLE_OTOSCOPE] = sources[r].pattern;
      if ((exam = cabine_test_clip_new_stills (CABINE_CALL_VIDEO_WIDTH, CABINE_CALL_VIDEO_HEIGHT,
                                               CABINE_CALL_VIDEO_FPS, patterns, error)) == NULL)
        return NULL;
      gst_bin_add (GST_BIN (bin), exam);
      s->test = gst_object_ref (exam);
      s->test_pad = gst_element_request_pad_simple (selector, "sink_%u");
      if (s->test_pad == NULL ||
          !gst_element_link_pads (exam, "src", selector, GST_OBJECT_NAME (s->test_pad)))
        {
          g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                       "cannot link the exam test pattern to the video selector");
          return NULL;
        }
    }
  if (monitor != NULL)
    {
      for (guint r = CABINE_CAMERA_ROLE_OTOSCOPE; r < CABINE_CAMERA_N_ROLES; r++)
        {
          GstDevice *device = cabine_camera_monitor_get_device (monitor, r);
          g_autoptr(GError) local_error = NULL;

          if (device != NULL && !attach_camera (s, r, device, FALSE, &local_error))
            g_warning ("the %s cannot be used: %s", sources[r].name, local_error->message);
        }
      g_signal_connect_object (monitor, "camera-added", G_CALLBACK (on_camera_added), self, 0);
      g_signal_connect_object (monitor, "camera-removed", G_CALLBACK (on_camera_removed), self, 0);
    }

  g_object_set (selector, "active-pad", s->room_pad, NULL);
  tee_src = gst_element_request_pad_simple (tee, "src_%u");
  if (!gst_element_add_pad (bin, gst_ghost_pad_new ("src", tee_src)))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot expose the video sources");
      return NULL;
    }
  /* The caller's reference is floating, as gst_parse_bin_from_description() would give. */
  g_object_force_floating (G_OBJECT (bin));
  return g_steal_pointer (&bin);
}

static Sources *
get_sources (CabineCall  *self,
             GError     **error)
{
  Sources *s = g_object_get_data (G_OBJECT (self), STATE_KEY);

  if (!self->started || self->stopped || self->pipeline == NULL || s == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "the call is %s", self->stopped ? "stopped" : "not started");
      return NULL;
    }
  return s;
}

gboolean
cabine_call_switch_source (CabineCall  *self,
                           const char  *source,
                           GError     **error)
{
  int index = source_index (source);
  Sources *s;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index < 0)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "unknown video source \"%s\" (room, otoscope or dermatoscope)",
                   source != NULL ? source : "(null)");
      return FALSE;
    }
  if ((s = get_sources (self, error)) == NULL)
    return FALSE;
  if (g_str_equal (cabine_call_get_source (self), source))
    return TRUE;
  if (role_pad (s, index) == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "the %s is not connected", sources[index].name);
      return FALSE;
    }
  select_role (self, s, index);
  return TRUE;
}

gboolean
cabine_call_has_source (CabineCall *self,
                        const char *source)
{
  Sources *s;
  int index = source_index (source);

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  s = g_object_get_data (G_OBJECT (self), STATE_KEY);
  return index >= 0 && s != NULL && !self->stopped && role_pad (s, index) != NULL;
}

const char *
cabine_call_get_source (CabineCall *self)
{
  const char *source;

  g_return_val_if_fail (CABINE_IS_CALL (self), CABINE_CALL_SOURCE_ROOM);
  source = g_object_get_data (G_OBJECT (self), SOURCE_KEY);
  return source != NULL ? source : CABINE_CALL_SOURCE_ROOM;
}

/* ---- snapshots ---- */

typedef struct {
  GstSample *sample;
  guint width, height;
} SnapshotResult;

static void
snapshot_result_free (SnapshotResult *r)
{
  g_clear_pointer (&r->sample, gst_sample_unref);
  g_free (r);
}

/* Worker thread: a Motion-JPEG camera's native frame, decoded (jpegdec). The frame is not handed
 * on as it is: webcams' Motion-JPEG frames often omit their Huffman tables, the decoder being
 * expected to use the typical ones of ITU-T T.81 Annex K.3, which not every viewer of the
 * consultation's record does; decoding and encoding again makes a complete JPEG file. */
static GstSample *
decode_jpeg (GstSample  *frame,
             GError    **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) failure = NULL;
  GstBuffer *buffer = gst_sample_get_buffer (frame);
  GstElement *parsed;
  GstSample *decoded;

  if (buffer == NULL)
    {
      g_set_error_literal (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                           "the captured frame is empty");
      return NULL;
    }
  parsed = gst_parse_launch ("appsrc name=src format=time ! jpegdec ! appsink name=sink sync=false",
                             error);
  if (parsed == NULL)
    return NULL;
  pipeline = gst_object_ref_sink (parsed);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "caps", gst_sample_get_caps (frame), NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_ref (buffer));
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  decoded = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), SNAPSHOT_TIMEOUT);
  if (decoded == NULL)
    {
      bus = gst_element_get_bus (pipeline);
      failure = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (failure != NULL)
        gst_message_parse_error (failure, error, NULL);
      else
        g_set_error_literal (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                             "the camera's JPEG frame gave no picture");
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return decoded;
}

static void
encode_snapshot (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GstSample) decoded = NULL;
  GstSample *frame = task_data;
  g_autoptr(GstCaps) jpeg = gst_caps_new_empty_simple ("image/jpeg");
  g_autoptr(GError) error = NULL;
  GstSample *encoded;
  GstVideoInfo info;
  SnapshotResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (gst_sample_get_caps (frame) != NULL && gst_caps_is_subset (gst_sample_get_caps (frame), jpeg))
    {
      if ((decoded = decode_jpeg (frame, &error)) == NULL)
        {
          g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                                   "cannot decode the camera's frame: %s", error->message);
          return;
        }
      frame = decoded;
    }
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (frame)))
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                               "the captured frame has no video format");
      return;
    }
  encoded = gst_video_convert_sample (frame, jpeg, SNAPSHOT_TIMEOUT, &error);
  if (encoded == NULL)
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                               "cannot encode the snapshot as JPEG: %s",
                               error != NULL ? error->message : "no output");
      return;
    }
  result = g_new0 (SnapshotResult, 1);
  result->sample = encoded;
  result->width = (guint) GST_VIDEO_INFO_WIDTH (&info);
  result->height = (guint) GST_VIDEO_INFO_HEIGHT (&info);
  g_task_return_pointer (task, result, (GDestroyNotify) snapshot_result_free);
}

void
cabine_call_take_snapshot_async (CabineCall          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;
  GstSample *frame = NULL;
  Sources *s;
  int role;

  g_return_if_fail (CABINE_IS_CALL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabine_call_take_snapshot_async);
  if ((s = get_sources (self, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* An exam camera's still is its last native frame, before the scaler to the call's size. */
  role = source_index (cabine_call_get_source (self));
  if (role >= 0 && s->native[role] != NULL)
    sink = gst_object_ref (s->native[role]);
  else
    sink = gst_bin_get_by_name (GST_BIN (s->bin), SNAPSHOT_SINK_NAME);
  if (sink != NULL)
    g_object_get (sink, "last-sample", &frame, NULL);
  if (frame == NULL)
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                               "no frame has been captured yet");
      return;
    }
  g_task_set_task_data (task, frame, (GDestroyNotify) gst_sample_unref);
  g_task_run_in_thread (task, encode_snapshot);
}

GBytes *
cabine_call_take_snapshot_finish (CabineCall    *self,
                                  GAsyncResult  *result,
                                  guint         *width,
                                  guint         *height,
                                  GError       **error)
{
  SnapshotResult *r;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  buffer = gst_sample_get_buffer (r->sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      snapshot_result_free (r);
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "the encoded snapshot cannot be read");
      return NULL;
    }
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  if (width != NULL)
    *width = r->width;
  if (height != NULL)
    *height = r->height;
  snapshot_result_free (r);
  return bytes;
}
