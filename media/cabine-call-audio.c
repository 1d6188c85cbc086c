/* cabine-call-audio.c: the call's audio: room microphone with echo cancellation, the speaker's
 * echo probe, and the stethoscope as its own track
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-audio.h"

#include <math.h>
#include <string.h>

#include "cabine-call-pipeline.h"
#include "cabine-call-private.h"
#include "cabine-media-error.h"

#define AUDIO_RATE 48000
/* One 20-ms Opus frame per buffer (see cabine_call_pipeline_audio_sender()). */
#define SAMPLES_PER_BUFFER 960

/* ---- options ---- */

gboolean
cabine_call_audio_check_options (const CabineCallOptions  *options,
                                 GError                  **error)
{
  const char *source = options->stethoscope_source;
  const char *device = options->stethoscope_device;

  if (source != NULL && !g_str_equal (source, CABINE_CALL_STETHOSCOPE_NONE) &&
      !g_str_equal (source, CABINE_CALL_STETHOSCOPE_AUTO) &&
      !g_str_equal (source, CABINE_CALL_STETHOSCOPE_DEVICE) &&
      !g_str_equal (source, CABINE_CALL_STETHOSCOPE_TEST))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "unknown stethoscope source '%s' (expected none, auto, device or test)", source);
      return FALSE;
    }
  if (g_strcmp0 (source, CABINE_CALL_STETHOSCOPE_DEVICE) == 0 && (device == NULL || *device == '\0'))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "the stethoscope source 'device' needs the stethoscope's device name");
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_call_audio_echo_cancel_available (void)
{
  static gsize once = 0;
  static gboolean available;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GstElementFactory) dsp = gst_element_factory_find ("webrtcdsp");
      g_autoptr(GstElementFactory) probe = gst_element_factory_find ("webrtcechoprobe");

      available = dsp != NULL && probe != NULL;
      if (!available)
        g_warning ("GStreamer's webrtcdsp/webrtcechoprobe (gst-plugins-bad) are not installed: "
                   "the room audio is sent without echo cancellation");
      g_once_init_leave (&once, 1);
    }
  return available;
}

/* ---- audio devices ---- */

gboolean
cabine_call_audio_device_present (const char *device_class)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;
  gboolean present;

  g_return_val_if_fail (device_class != NULL, FALSE);
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, device_class, NULL);
  devices = gst_device_monitor_get_devices (monitor);
  present = devices != NULL;
  g_list_free_full (devices, gst_object_unref);
  return present;
}

const char *
cabine_call_audio_resolve_source (const char *source,
                                  gboolean    device_present)
{
  g_return_val_if_fail (source != NULL, NULL);
  if (g_str_equal (source, "auto") && !device_present)
    return CABINE_CALL_AUDIO_SILENCE;
  return source;
}

const char *
cabine_call_audio_resolve_sink (const char *sink,
                                gboolean    device_present)
{
  g_return_val_if_fail (sink != NULL, NULL);
  if (g_str_equal (sink, "auto") && !device_present)
    return "fake";
  return sink;
}

const char *
cabine_call_audio_source_description (const char *source)
{
  /* The test tone comes in 20-ms buffers at Opus's rate, one packet each: with audiotestsrc's
   * default 1024 samples, packets left in uneven pairs, and the physician's audio jitter buffer
   * (to which the browser syncs the video) grew. Silence is paced the same way. */
  if (g_str_equal (source, "test"))
    return "audiotestsrc is-live=true wave=ticks volume=0.2 samplesperbuffer=960 ! "
           "audio/x-raw,rate=48000";
  if (g_str_equal (source, CABINE_CALL_AUDIO_SILENCE))
    return "audiotestsrc is-live=true wave=silence samplesperbuffer=960 ! audio/x-raw,rate=48000";
  return "autoaudiosrc";
}

const char *
cabine_call_audio_sink_description (const char *sink)
{
  return g_str_equal (sink, "fake") ? "fakesink sync=true" : "autoaudiosink";
}

/* "auto" with no device found: the call goes on without it, said once per process. */
static const char *
resolve_room_source (const char *source)
{
  static gboolean warned;
  const char *resolved;

  if (!g_str_equal (source, "auto"))
    return source;
  resolved = cabine_call_audio_resolve_source (source, cabine_call_audio_device_present ("Audio/Source"));
  if (resolved != source && !warned)
    {
      warned = TRUE;
      g_warning ("no microphone found: the physician will not hear the patient "
                 "(sending silence; the call goes on with video and readings)");
    }
  return resolved;
}

static const char *
resolve_room_sink (const char *sink)
{
  static gboolean warned;
  const char *resolved;

  if (!g_str_equal (sink, "auto"))
    return sink;
  resolved = cabine_call_audio_resolve_sink (sink, cabine_call_audio_device_present ("Audio/Sink"));
  if (resolved != sink && !warned)
    {
      warned = TRUE;
      g_warning ("no speaker found: the patient will not hear the physician "
                 "(the call goes on with video and readings)");
    }
  return resolved;
}

/* ---- room audio ---- */

/* Opus encoder complexity (0–10, libopus OPUS_SET_COMPLEXITY) of the room audio: the
 * conversation's speech, already cleaned by webrtcdsp, at opusenc's 64 kbit/s, where the lower
 * complexity's loss of coding efficiency is not audible in conversation. 5 is what WebRTC itself
 * picks on mobile-class devices (9 on desktop); the kiosk is a 2-core machine shared with the video
 * encoder. Measured here (1.22, 48 kHz mono, 5 min of audio): 10, 9, 8 and 7 cost the same CPU,
 * 5 about a fifth less. opusenc's default, 10, stays on the stethoscope track, whose fidelity is
 * the point (cabine-call-audio.h). */
#define ROOM_OPUS_COMPLEXITY 5

GstElement *
cabine_call_audio_room_sender (const char  *source,
                               const char  *probe_name,
                               GError     **error)
{
  g_autofree char *dsp = NULL;
  g_autofree char *description = NULL;
  GstElement *bin;
  g_autoptr(GstElement) filter = NULL;
  g_autoptr(GstCaps) caps = NULL;

  /* webrtcdsp takes 10-ms periods of S16 at 48 kHz, the rate of the probe at the speaker. */
  if (probe_name != NULL)
    dsp = g_strdup_printf ("audio/x-raw,format=S16LE,rate=%d ! webrtcdsp name=room-dsp probe=%s "
                           "echo-cancel=true noise-suppression=true gain-control=true ! "
                           "audioconvert ! ", AUDIO_RATE, probe_name);
  description = g_strdup_printf (
    "%s ! audioconvert ! audioresample ! %s"
    "queue max-size-time=200000000 leaky=downstream ! "
    "opusenc frame-size=20 complexity=%d ! rtpopuspay name=pay ! capsfilter name=rtpcaps",
    cabine_call_audio_source_description (source), dsp != NULL ? dsp : "", ROOM_OPUS_COMPLEXITY);
  bin = cabine_call_pipeline_make_bin (description, error);
  if (bin == NULL)
    return NULL;

  filter = gst_bin_get_by_name (GST_BIN (bin), "rtpcaps");
  caps = gst_caps_new_simple ("application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "encoding-name", G_TYPE_STRING, "OPUS",
                              "payload", G_TYPE_INT, CABINE_CALL_AUDIO_PT,
                              "clock-rate", G_TYPE_INT, AUDIO_RATE,
                              "rtcp-fb-transport-cc", G_TYPE_BOOLEAN, TRUE,
                              "extmap-1", G_TYPE_STRING, CABINE_CALL_TWCC_URI,
                              NULL);
  g_object_set (filter, "caps", caps, NULL);
  return bin;
}

GstElement *
cabine_call_audio_speaker (const char  *sink,
                           const char  *probe_name,
                           GError     **error)
{
  g_autofree char *probe = probe_name != NULL ?
    g_strdup_printf ("audio/x-raw,format=S16LE,rate=%d ! webrtcechoprobe name=%s ! "
                     "audioconvert ! audioresample ! ", AUDIO_RATE, probe_name) :
    g_strdup ("");
  g_autofree char *description =
    g_strdup_printf ("queue ! audioconvert ! audioresample ! %s%s", probe,
                     cabine_call_audio_sink_description (sink));

  return cabine_call_pipeline_make_bin (description, error);
}

/* ---- the stethoscope ---- */

/* A damped sinusoid: the shape of one heart sound (a short low-frequency thud). */
static double
thud (double t,
      double duration,
      double frequency)
{
  double envelope;

  if (t < 0 || t >= duration)
    return 0;
  envelope = sin (G_PI * t / duration);
  return envelope * envelope * (sin (2 * G_PI * frequency * t) +
                                0.35 * sin (2 * G_PI * 2.3 * frequency * t));
}

/* Replaces the silence of the simulated stethoscope's audiotestsrc by heart sounds: S1 (about
 * 120 ms around 45 Hz) at the start of each cycle, S2 (90 ms around 65 Hz) 300 ms later. The time
 * comes from the buffer's sample offset, so the rhythm is steady whatever the buffer size. */
static GstPadProbeReturn
heart_probe (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         data)
{
  GstBuffer *buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  const double period = 60.0 / CABINE_CALL_SIMULATED_HEART_BPM;
  guint64 offset = GST_BUFFER_OFFSET (buffer);
  GstMapInfo map;

  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (offset == GST_BUFFER_OFFSET_NONE || !gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;
  for (gsize i = 0; i < map.size / 2; i++)
    {
      double t = fmod ((double) (offset + i) / AUDIO_RATE, period);
      double v = 0.55 * thud (t, 0.12, 45) + 0.4 * thud (t - 0.30, 0.09, 65);
      gint16 sample = (gint16) CLAMP (v * 32767 * 0.8, -32768, 32767);

      memcpy (map.data + 2 * i, &sample, 2);   /* S16LE on the little-endian kiosk */
    }
  gst_buffer_unmap (buffer, &map);
  return GST_PAD_PROBE_OK;
}

static gboolean
match_device_property (GQuark        field,
                       const GValue *value,
                       gpointer      data)
{
  const char *name = g_quark_to_string (field);

  /* PulseAudio and PipeWire describe ALSA cards with alsa.card_name / alsa.id / api.alsa.card.* */
  if (G_VALUE_HOLDS_STRING (value) && strstr (name, "alsa") != NULL &&
      g_strcmp0 (g_value_get_string (value), data) == 0)
    return FALSE;   /* found: stop */
  return TRUE;
}

/* (transfer full) (nullable): the first Audio/Source whose display name contains @name, or whose
 * ALSA card id or name is @name. */
static GstDevice *
find_monitor_device (const char *name)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  g_autofree char *wanted = g_utf8_casefold (name, -1);
  GList *devices;
  GstDevice *found = NULL;

  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL && found == NULL; l = l->next)
    {
      g_autofree char *display = gst_device_get_display_name (l->data);
      g_autofree char *folded = g_utf8_casefold (display != NULL ? display : "", -1);
      g_autoptr(GstStructure) props = gst_device_get_properties (l->data);

      if (strstr (folded, wanted) != NULL ||
          (props != NULL && !gst_structure_foreach (props, match_device_property, (gpointer) name)))
        found = g_object_ref (l->data);
    }
  g_list_free_full (devices, gst_object_unref);
  return found;
}

/* An ALSA card id is [A-Za-z0-9_]+ and appears as /proc/asound/<id>. */
static gboolean
is_alsa_card (const char *name)
{
  g_autofree char *path = NULL;

  if (*name == '\0' || strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789_") != strlen (name))
    return FALSE;
  path = g_build_filename ("/proc/asound", name, NULL);
  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

gboolean
cabine_call_audio_find_device (const char *name)
{
  g_autoptr(GstDevice) device = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  if (is_alsa_card (name))
    return TRUE;
  device = find_monitor_device (name);
  return device != NULL;
}

static GstElement *
stethoscope_capture (const char  *source,
                     const char  *device,
                     GError     **error)
{
  g_autoptr(GstDevice) found = NULL;
  g_autofree char *description = NULL;
  GstElement *element;

  if (g_str_equal (source, CABINE_CALL_STETHOSCOPE_TEST))
    {
      g_autoptr(GstElement) src = NULL;
      g_autoptr(GstPad) pad = NULL;

      description = g_strdup_printf ("audiotestsrc name=simulated-stethoscope is-live=true "
                                     "wave=silence samplesperbuffer=%d ! capsfilter "
                                     "caps=\"audio/x-raw,format=S16LE,rate=%d,channels=1\"",
                                     SAMPLES_PER_BUFFER, AUDIO_RATE);
      if ((element = cabine_call_pipeline_make_bin (description, error)) == NULL)
        return NULL;
      src = gst_bin_get_by_name (GST_BIN (element), "simulated-stethoscope");
      pad = gst_element_get_static_pad (src, "src");
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, heart_probe, NULL, NULL);
      return element;
    }
  if (!g_str_equal (source, CABINE_CALL_STETHOSCOPE_DEVICE) || device == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "unknown stethoscope source '%s' (expected test, or device with a name)", source);
      return NULL;
    }
  if (is_alsa_card (device))
    {
      description = g_strdup_printf ("alsasrc device=hw:CARD=%s", device);
      return cabine_call_pipeline_make_bin (description, error);
    }
  if ((found = find_monitor_device (device)) == NULL ||
      (element = gst_device_create_element (found, NULL)) == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "no audio input named like '%s' (the stethoscope) is connected", device);
      return NULL;
    }
  return element;
}

GstElement *
cabine_call_audio_stethoscope_sender (const char  *source,
                                      const char  *device,
                                      GError     **error)
{
  g_autoptr(GstElement) filter = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pay_src = NULL;
  g_autofree char *description = NULL;
  GstElement *bin, *capture, *chain;

  if ((capture = stethoscope_capture (source, device, error)) == NULL)
    return NULL;
  /* Nothing between the capture and the encoder changes the signal but format conversion. */
  description = g_strdup_printf (
    "audioconvert ! audioresample ! audio/x-raw,rate=%d,channels=1 ! "
    "valve name=stethoscope-valve drop=false ! "
    "queue max-size-time=200000000 leaky=downstream ! "
    "opusenc name=stethoscope-encoder audio-type=generic bandwidth=fullband bitrate=%d "
    "bitrate-type=constrained-vbr frame-size=20 dtx=false inband-fec=false "
    "packet-loss-percentage=0 ! rtpopuspay name=stethoscope-pay ! capsfilter name=rtpcaps",
    AUDIO_RATE, CABINE_CALL_STETHOSCOPE_KBPS * 1000);
  if ((chain = cabine_call_pipeline_make_bin (description, error)) == NULL)
    {
      gst_object_unref (gst_object_ref_sink (capture));
      return NULL;
    }

  bin = gst_bin_new ("stethoscope");
  gst_bin_add_many (GST_BIN (bin), capture, chain, NULL);
  pay_src = gst_element_get_static_pad (chain, "src");
  if (!gst_element_link (capture, chain) ||
      !gst_element_add_pad (bin, gst_ghost_pad_new ("src", pay_src)))
    {
      gst_object_unref (gst_object_ref_sink (bin));
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the stethoscope's capture to its encoder");
      return NULL;
    }
  filter = gst_bin_get_by_name (GST_BIN (bin), "rtpcaps");
  /* Becomes the offer's a=fmtp (RFC 7587 §6.1). */
  caps = gst_caps_new_simple ("application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "encoding-name", G_TYPE_STRING, "OPUS",
                              "payload", G_TYPE_INT, CABINE_CALL_STETHOSCOPE_PT,
                              "clock-rate", G_TYPE_INT, AUDIO_RATE,
                              "maxaveragebitrate", G_TYPE_STRING, "128000",
                              "maxplaybackrate", G_TYPE_STRING, "48000",
                              "stereo", G_TYPE_STRING, "0",
                              "usedtx", G_TYPE_STRING, "0",
                              "useinbandfec", G_TYPE_STRING, "0",
                              "rtcp-fb-transport-cc", G_TYPE_BOOLEAN, TRUE,
                              "extmap-1", G_TYPE_STRING, CABINE_CALL_TWCC_URI,
                              NULL);
  G_STATIC_ASSERT (CABINE_CALL_STETHOSCOPE_KBPS == 128);   /* maxaveragebitrate above */
  g_object_set (filter, "caps", caps, NULL);
  return bin;
}

/* ---- in the call ---- */

/* Applies the wanted state to the valve, once the first packet has gone (before it, the valve
 * stays open so that the stream's caps reach webrtcbin, which connects a sender to its RTP session
 * only once it has them). Any thread. */
static void
apply_valve (CabineCall *self)
{
  g_mutex_lock (&self->stethoscope_lock);
  if (self->stethoscope_valve != NULL && self->stethoscope_primed)
    g_object_set (self->stethoscope_valve, "drop", !self->stethoscope_enabled, NULL);
  g_mutex_unlock (&self->stethoscope_lock);
}

static GstPadProbeReturn
stethoscope_packet_probe (GstPad          *pad,
                          GstPadProbeInfo *info,
                          gpointer         data)
{
  CabineCall *self = data;
  guint n = 1;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    n = gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  g_atomic_int_add (&self->stethoscope_packets_sent, (gint) n);
  if (!g_atomic_int_get (&self->stethoscope_primed))
    {
      g_atomic_int_set (&self->stethoscope_primed, TRUE);
      apply_valve (self);
    }
  return GST_PAD_PROBE_OK;
}

gboolean
cabine_call_audio_build_stethoscope (CabineCall  *self,
                                     GError     **error)
{
  const char *source = self->stethoscope_source;
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstElement) pay = NULL;
  g_autoptr(GstPad) pay_src = NULL;
  g_autoptr(GstWebRTCRTPTransceiver) transceiver = NULL;
  GstElement *sender;

  if (source == NULL || g_str_equal (source, CABINE_CALL_STETHOSCOPE_NONE))
    return TRUE;
  if (g_str_equal (source, CABINE_CALL_STETHOSCOPE_AUTO))
    {
      if (self->stethoscope_device == NULL ||
          !cabine_call_audio_find_device (self->stethoscope_device))
        {
          g_message ("no stethoscope connected%s%s: the call has no stethoscope track",
                     self->stethoscope_device ? " named like " : "",
                     self->stethoscope_device ? self->stethoscope_device : "");
          return TRUE;
        }
      source = CABINE_CALL_STETHOSCOPE_DEVICE;
    }
  if ((sender = cabine_call_audio_stethoscope_sender (source, self->stethoscope_device,
                                                      error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), sender);

  src = gst_element_get_static_pad (sender, "src");
  sink = gst_element_request_pad_simple (self->webrtc, "sink_%u");
  if (sink == NULL || gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the stethoscope to webrtcbin");
      return FALSE;
    }
  /* The physician tells the tracks apart by this MediaStream id (data/protocol.md); the kiosk
   * receives nothing on this transceiver. */
  g_object_set (sink, "msid", CABINE_CALL_STETHOSCOPE_MSID, NULL);
  g_object_get (sink, "transceiver", &transceiver, NULL);
  if (transceiver != NULL)
    g_object_set (transceiver, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, NULL);
  if (!cabine_call_pipeline_announce_stream (sender, sink, error))
    return FALSE;

  g_mutex_lock (&self->stethoscope_lock);
  self->stethoscope_valve = gst_bin_get_by_name (GST_BIN (sender), "stethoscope-valve");
  g_mutex_unlock (&self->stethoscope_lock);
  pay = gst_bin_get_by_name (GST_BIN (sender), "stethoscope-pay");
  pay_src = gst_element_get_static_pad (pay, "src");
  gst_pad_add_probe (pay_src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     stethoscope_packet_probe, self, NULL);
  self->has_stethoscope = TRUE;
  g_message ("stethoscope track: %s source%s%s, %d kbit/s Opus, off until the physician asks",
             source, self->stethoscope_device ? " " : "",
             self->stethoscope_device ? self->stethoscope_device : "",
             CABINE_CALL_STETHOSCOPE_KBPS);
  return TRUE;
}

GstElement *
cabine_call_audio_build (CabineCall  *self,
                         GError     **error)
{
  static gint serial = 0;
  g_autofree char *probe_name = NULL;
  const char *source, *sink;
  GstElement *room;

  /* A call rebuilds its pipeline when it recovers (a new webrtcbin): start afresh, keeping only
   * whether the physician wants the stethoscope on. */
  g_clear_object (&self->speaker);
  g_mutex_lock (&self->stethoscope_lock);
  g_clear_object (&self->stethoscope_valve);
  g_atomic_int_set (&self->stethoscope_primed, FALSE);
  g_mutex_unlock (&self->stethoscope_lock);
  self->has_stethoscope = FALSE;

  /* webrtcdsp finds its probe by name among all probes of the process: one name per call. The
   * probe must exist before the DSP starts, so the speaker is built now, plugged in later. */
  /* "auto" without a device: silence is sent, the physician's audio goes to a fakesink, so that
   * the call goes on with video and readings instead of failing to open the device. */
  sink = resolve_room_sink (self->audio_sink);
  source = resolve_room_source (self->audio_source);
  if (cabine_call_audio_echo_cancel_available ())
    {
      probe_name = g_strdup_printf ("cabine-echo-probe-%d", g_atomic_int_add (&serial, 1));
      self->speaker = cabine_call_audio_speaker (sink, probe_name, error);
      if (self->speaker == NULL)
        return NULL;
      gst_object_ref_sink (self->speaker);
    }
  if ((room = cabine_call_audio_room_sender (source, probe_name, error)) == NULL)
    return NULL;
  gst_bin_add (GST_BIN (self->pipeline), room);
  return room;
}

GstElement *
cabine_call_audio_take_speaker (CabineCall  *self,
                                GError     **error)
{
  GstElement *speaker = g_steal_pointer (&self->speaker);

  if (speaker == NULL)
    return cabine_call_audio_speaker (resolve_room_sink (self->audio_sink), NULL, error);
  /* Hand back a floating reference, as the builders do. */
  g_object_force_floating (G_OBJECT (speaker));
  return speaker;
}

gboolean
cabine_call_has_stethoscope (CabineCall *self)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  return self->has_stethoscope;
}

gboolean
cabine_call_set_stethoscope_enabled (CabineCall  *self,
                                     gboolean     enabled,
                                     GError     **error)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->started || self->stopped || !self->has_stethoscope)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE, "%s",
                   !self->started ? "the call is not started" :
                   self->stopped ? "the call is stopped" : "this call has no stethoscope");
      return FALSE;
    }
  g_mutex_lock (&self->stethoscope_lock);
  self->stethoscope_enabled = enabled != FALSE;
  g_mutex_unlock (&self->stethoscope_lock);
  apply_valve (self);
  g_message ("stethoscope %s", enabled ? "on" : "off");
  return TRUE;
}

gboolean
cabine_call_get_stethoscope_enabled (CabineCall *self)
{
  gboolean enabled;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_mutex_lock (&self->stethoscope_lock);
  enabled = self->stethoscope_enabled;
  g_mutex_unlock (&self->stethoscope_lock);
  return enabled;
}

guint64
cabine_call_get_stethoscope_packets_sent (CabineCall *self)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), 0);
  return (guint) g_atomic_int_get (&self->stethoscope_packets_sent);
}
