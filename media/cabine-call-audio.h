/* cabine-call-audio.h: the call's audio: room microphone with echo cancellation, the speaker's
 * echo probe, and the stethoscope as its own track
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Room audio (issue 5, "Stethoscope track"): the microphone goes through GStreamer's `webrtcdsp`
 * (echo cancellation, noise suppression, gain control; gst-plugins-bad, Debian package
 * gstreamer1.0-plugins-bad) whose far end is a `webrtcechoprobe` placed just before the speaker,
 * so the physician does not hear their own voice come back from the cabin's loudspeaker. Both run
 * at 48 kHz (the probe's and the DSP's rates must match). Without these elements the call still
 * works, with a warning, and the room audio is sent unprocessed.
 *
 * Stethoscope: a second sendonly audio transceiver whose sender pad carries the WebRTC MediaStream
 * id %CABINE_CALL_STETHOSCOPE_MSID (`a=msid:` in the offer, RFC 8830 §2), which is how the
 * physician tells it from the room audio (data/protocol.md, "Stethoscope"). Nothing in its chain
 * alters the signal: no webrtcdsp, no noise suppression, no automatic gain. Opus (RFC 6716) is
 * configured for fidelity rather than for speech:
 * - `audio-type=generic` (OPUS_APPLICATION_AUDIO): the CELT/hybrid modes meant for music, not the
 *   speech-tuned SILK path, which models a vocal tract that heart and lung sounds do not have;
 * - %CABINE_CALL_STETHOSCOPE_KBPS kbit/s, constrained VBR, `bandwidth=fullband`: at this rate a
 *   mono Opus stream is transparent for most listeners, far above the ~32 kbit/s of the room voice;
 * - no DTX (`dtx=false`, `usedtx=0`): DTX stops sending during "silence", and the quiet parts
 *   between heart sounds, or faint breath sounds, are what the physician listens for;
 * - no in-band FEC (`inband-fec=false`, `useinbandfec=0`): LBRR frames would take part of the
 *   bitrate from every packet to protect against loss, lowering the quality of all of them;
 *   loss is shown to the physician instead (the quality indicator);
 * - 20 ms frames, mono 48 kHz (`maxplaybackrate=48000`, `stereo=0`, RFC 7587 §6.1).
 *
 * The stethoscope starts switched off: once its first packet has given webrtcbin its caps (the
 * offer needs them), a `valve` before the encoder drops its audio until the physician switches it
 * on (cabine_call_set_stethoscope_enabled()); no RTP packet is sent while it is off.
 */
#pragma once

#include <gst/gst.h>

#include "cabine-call.h"

G_BEGIN_DECLS

/** MediaStream id (SDP `a=msid:`) of the stethoscope track, and its RTP payload type (dynamic
 * range, RFC 3551 §6). */
#define CABINE_CALL_STETHOSCOPE_MSID "cabine-stethoscope"
#define CABINE_CALL_STETHOSCOPE_PT 111
/** Opus bitrate of the stethoscope, in kbit/s. */
#define CABINE_CALL_STETHOSCOPE_KBPS 128
/** Heart rate of the simulated stethoscope ("test" source), in beats per minute. */
#define CABINE_CALL_SIMULATED_HEART_BPM 72

/** Names of the stethoscope sources (CabineCallOptions.stethoscope_source, `[media]
 * stethoscope-source`). */
#define CABINE_CALL_STETHOSCOPE_NONE "none"
#define CABINE_CALL_STETHOSCOPE_AUTO "auto"
#define CABINE_CALL_STETHOSCOPE_DEVICE "device"
#define CABINE_CALL_STETHOSCOPE_TEST "test"

/** Room audio source (internal, not a configuration value) used when "auto" finds no
 * microphone: a live `audiotestsrc wave=silence`, so the call still carries an audio track. */
#define CABINE_CALL_AUDIO_SILENCE "silence"

/**
 * cabine_call_audio_device_present:
 * @device_class: a GstDeviceMonitor class filter, "Audio/Source" or "Audio/Sink"
 *
 * Probes the device providers (PulseAudio/PipeWire, ALSA…) once, synchronously.
 *
 * Returns: whether at least one such device exists now
 */
gboolean    cabine_call_audio_device_present    (const char *device_class);

/**
 * cabine_call_audio_resolve_source:
 * @source: a room audio source ("auto", "test", or %CABINE_CALL_AUDIO_SILENCE)
 * @device_present: whether a microphone exists (see cabine_call_audio_device_present())
 *
 * The call uses this at build time for `[media] audio-source=auto`: with no microphone it sends
 * silence (and warns once "no microphone found: the physician will not hear the patient")
 * instead of failing with autoaudiosrc's "Could not open device".
 *
 * Returns: (transfer none): %CABINE_CALL_AUDIO_SILENCE for "auto" without a device, else @source
 */
const char *cabine_call_audio_resolve_source    (const char *source,
                                                 gboolean    device_present);

/**
 * cabine_call_audio_resolve_sink:
 * @sink: "auto" or "fake"
 * @device_present: whether a speaker exists (cabine_call_audio_device_present ("Audio/Sink"))
 *
 * Returns: (transfer none): "fake" (a `fakesink sync=true`) for "auto" without a device, else @sink
 */
const char *cabine_call_audio_resolve_sink      (const char *sink,
                                                 gboolean    device_present);

/**
 * cabine_call_audio_source_description:
 * @source: "test" (ticks), %CABINE_CALL_AUDIO_SILENCE, or anything else for `autoaudiosrc`
 *
 * Returns: (transfer none): the gst_parse_launch() description of that source (test and silence
 *   in live 20-ms buffers at 48 kHz)
 */
const char *cabine_call_audio_source_description (const char *source);

/**
 * cabine_call_audio_sink_description:
 * @sink: "fake" (`fakesink sync=true`) or anything else (`autoaudiosink`)
 *
 * Returns: (transfer none): the gst_parse_launch() description of that sink
 */
const char *cabine_call_audio_sink_description  (const char *sink);

/**
 * cabine_call_audio_check_options:
 * @options: options to check
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for a stethoscope source that is not one of
 *   none, auto, device, test (%NULL is none), or "device" without a stethoscope_device
 *
 * Returns: %TRUE when the stethoscope options are usable
 */
gboolean    cabine_call_audio_check_options     (const CabineCallOptions *options,
                                                 GError                 **error);

/**
 * cabine_call_audio_echo_cancel_available:
 *
 * Returns: whether both `webrtcdsp` and `webrtcechoprobe` are installed (checked once)
 */
gboolean    cabine_call_audio_echo_cancel_available (void);

/**
 * cabine_call_audio_room_sender:
 * @source: "test", "auto" (`autoaudiosrc`, whether or not a device exists) or
 *   %CABINE_CALL_AUDIO_SILENCE; the call passes cabine_call_audio_resolve_source()'s result
 * @probe_name: (nullable): the name of the `webrtcechoprobe` at the speaker (see
 *   cabine_call_audio_speaker()); %NULL sends the microphone without echo cancellation
 * @error: see cabine_call_pipeline_make_bin()
 *
 * Returns: (transfer floating) (nullable): a bin from the microphone to Opus RTP ("src", payload
 *   %CABINE_CALL_AUDIO_PT), the payloader named "pay", the DSP (when @probe_name is set) named
 *   "room-dsp"
 */
GstElement *cabine_call_audio_room_sender       (const char  *source,
                                                 const char  *probe_name,
                                                 GError     **error);

/**
 * cabine_call_audio_speaker:
 * @sink: "auto" or "fake" (as CabineCallOptions.audio_sink)
 * @probe_name: (nullable): the name to give the `webrtcechoprobe` before the sink; %NULL for none
 * @error: see cabine_call_pipeline_make_bin()
 *
 * Returns: (transfer floating) (nullable): a bin from decoded audio ("sink") to the sink, at
 *   48 kHz through the probe when @probe_name is set
 */
GstElement *cabine_call_audio_speaker           (const char  *sink,
                                                 const char  *probe_name,
                                                 GError     **error);

/**
 * cabine_call_audio_stethoscope_sender:
 * @source: "test" (the simulated heart sounds below) or "device"
 * @device: (nullable): for "device": a substring of the display name of an `Audio/Source` found
 *   by GstDeviceMonitor (case-insensitive), or an ALSA card id (`/proc/asound/<id>`, captured
 *   with alsasrc device=hw:CARD=<id>)
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for another @source; %CABINE_MEDIA_ERROR_MISSING_ELEMENT
 *   when no such audio input is connected, or an element is not installed;
 *   %CABINE_MEDIA_ERROR_PIPELINE for another build failure
 *
 * The simulated stethoscope ("test") is a live `audiotestsrc` whose samples are replaced by two
 * damped low-frequency thuds per cycle at %CABINE_CALL_SIMULATED_HEART_BPM, like the S1 and S2
 * heart sounds; it is clearly a simulation, never a patient's sound.
 *
 * Returns: (transfer floating) (nullable): a bin to Opus RTP ("src", payload
 *   %CABINE_CALL_STETHOSCOPE_PT, fmtp as in this file's header), with the valve named
 *   "stethoscope-valve" (open), the encoder "stethoscope-encoder" and the payloader
 *   "stethoscope-pay"
 */
GstElement *cabine_call_audio_stethoscope_sender (const char *source,
                                                  const char *device,
                                                  GError    **error);

/**
 * cabine_call_audio_find_device:
 * @name: a display-name substring or an ALSA card id (see
 *   cabine_call_audio_stethoscope_sender())
 *
 * Returns: whether such an audio input is connected now (GstDeviceMonitor, or /proc/asound)
 */
gboolean    cabine_call_audio_find_device        (const char *name);

/**
 * cabine_call_has_stethoscope:
 * @self: a #CabineCall
 *
 * Returns: whether the call sends a stethoscope track (its options asked for one and, for
 *   "auto", the device was found when the call started)
 */
gboolean    cabine_call_has_stethoscope          (CabineCall  *self);

/**
 * cabine_call_set_stethoscope_enabled:
 * @self: a started #CabineCall
 * @enabled: %TRUE to send the stethoscope's sound, %FALSE to send nothing on its track
 * @error: %CABINE_MEDIA_ERROR_WRONG_STATE when the call is not started, is stopped, or has no
 *   stethoscope track
 *
 * Takes effect within one audio buffer (20 ms); the track stays negotiated (no renegotiation).
 *
 * Returns: %TRUE when applied (also when it already was)
 */
gboolean    cabine_call_set_stethoscope_enabled  (CabineCall  *self,
                                                  gboolean     enabled,
                                                  GError     **error);

/**
 * cabine_call_get_stethoscope_enabled:
 * @self: a #CabineCall
 *
 * Returns: whether the stethoscope's sound is being sent (%FALSE at start)
 */
gboolean    cabine_call_get_stethoscope_enabled  (CabineCall  *self);

/**
 * cabine_call_get_stethoscope_packets_sent:
 * @self: a #CabineCall
 *
 * Returns: stethoscope RTP packets handed to webrtcbin since start
 */
guint64     cabine_call_get_stethoscope_packets_sent (CabineCall *self);

/* For media/ only (cabine-call-streams.c). */

/* Builds the room sender (with echo cancellation when available) and the speaker bin holding the
 * echo probe (kept in self->speaker until the physician's audio arrives). Returns the room
 * sender, added to the pipeline. */
GstElement *cabine_call_audio_build              (CabineCall  *self,
                                                  GError     **error);
/* Adds the stethoscope sender (if the options ask for one) and links it to webrtcbin with its
 * msid, sendonly: call after the video and room audio are linked, so that the stethoscope is
 * the last media section of the offer. */
gboolean    cabine_call_audio_build_stethoscope  (CabineCall  *self,
                                                  GError     **error);
/* The bin for the physician's decoded audio: the prepared speaker the first time, a plain one
 * after. (transfer floating) (nullable) */
GstElement *cabine_call_audio_take_speaker       (CabineCall  *self,
                                                  GError     **error);

G_END_DECLS
