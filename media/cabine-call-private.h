/* cabine-call-private.h: state of a CabineCall shared by its source files (private to media/)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include "cabine-call.h"
#include "cabine-video-paintable.h"

G_BEGIN_DECLS

struct _CabineCall {
  GObject parent_instance;

  CabineCallOptions options;       /* strings owned by the fields below */
  char *video_source, *video_device, *audio_source, *audio_sink, *video_codec, *video_encoder;
  char *stun_server;
  GStrv turn_servers;

  GMainContext *context;
  GstElement *pipeline;
  GstElement *webrtc;
  GstWebRTCDataChannel *channel;
  guint bus_watch;
  CabineVideoPaintable *remote_paintable;
  CabineVideoPaintable *local_paintable;

  CabineCallState state;
  gboolean started;
  gboolean stopped;
  gboolean offer_sent;
  gboolean answer_applied;
  gboolean channel_open;
  gboolean keyframe_requested;   /* a key frame was asked for once the peer connected */

  /* written from streaming threads */
  gint offer_requested;
  gint video_frames_decoded;
  gint video_frames_sent;
  gint audio_packets_received;
  gint audio_packets_sent;
  gint64 first_remote_frame_us;

  /* cabine-call-audio.c: the speaker with its echo probe, until the physician's audio plugs it;
   * the stethoscope's valve, whose state stethoscope_lock guards */
  char *stethoscope_source, *stethoscope_device;
  GstElement *speaker;
  GstElement *stethoscope_valve;
  gboolean has_stethoscope;
  GMutex stethoscope_lock;
  gboolean stethoscope_enabled;
  gint stethoscope_primed;
  gint stethoscope_packets_sent;
};

typedef void (*CabineCallMainFunc) (CabineCall *self, gpointer data);

/* Runs @func (self, @data) in the owner's main context unless the call is stopped by then; frees
 * @data with @free_data in any case. Any thread. */
void              cabine_call_run_in_main         (CabineCall          *self,
                                                   CabineCallMainFunc   func,
                                                   gpointer             data,
                                                   GDestroyNotify       free_data);
/* Emits `error` with @error (transfer full) and fails the call, from the main context. */
void              cabine_call_report_error        (CabineCall          *self,
                                                   GError              *error);
/* Creates the offer once the data channel exists. */
void              cabine_call_maybe_create_offer  (CabineCall          *self);
void              cabine_call_on_ice_candidate    (GstElement          *webrtc,
                                                   guint                mline,
                                                   const char          *candidate,
                                                   CabineCall          *self);
void              cabine_call_on_gathering_notify (GstElement          *webrtc,
                                                   GParamSpec          *pspec,
                                                   CabineCall          *self);
void              cabine_call_on_state_notify     (GstElement          *webrtc,
                                                   GParamSpec          *pspec,
                                                   CabineCall          *self);

/* cabine-call-streams.c */
gboolean          cabine_call_build_pipeline      (CabineCall          *self,
                                                   GError             **error);
gboolean          cabine_call_create_data_channel (CabineCall          *self,
                                                   GError             **error);

G_END_DECLS
