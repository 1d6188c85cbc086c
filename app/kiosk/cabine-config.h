/* cabine-config.h: the kiosk's configuration (a GKeyFile)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Groups and keys (all optional but [kiosk] id and token):
 *   [kiosk]   id, token, hub-url (ws:// or wss:// URL of the hub's /ws), database (path of the SQLite
 *             store; default $XDG_DATA_HOME/cabine/kiosk.db), end-page-seconds (how long the end page
 *             stays before the kiosk returns to welcome; default 8), hub-ca (PEM file of the CA the
 *             hub's TLS certificate must chain to; default: the system's trust store)
 *   [media]   video-source (auto|test|v4l2), video-device (/dev/videoN), audio-source (auto|test;
 *             auto: the default microphone, or silence with one warning when GstDeviceMonitor finds
 *             no Audio/Source, so the call goes on with video and readings), audio-sink (auto|fake;
 *             auto: the default speaker, or a fakesink when there is no Audio/Sink), video-codec (h264|vp8), video-encoder (auto|openh264|x264,
 *             default auto: the H.264 encoder, openh264enc when installed else x264enc;
 *             media/cabine-call-pipeline.h), ice-loopback (bool), stun-server
 *             (for the maintenance network test, over UDP: stun:HOST[:PORT], stun://HOST[:PORT] or
 *             HOST[:PORT]; default the hub's host, port 3478), turn-server
 *             (turn:HOST[:PORT][?transport=udp] or turn://USER:PASSWORD@HOST[:PORT], TURN over UDP),
 *             turn-username, turn-credential (the network test's TURN check; the call's own
 *             STUN/TURN servers come from the hub; a malformed stun-server or turn-server, or one
 *             with another scheme such as stuns: or turns: or another transport, is refused when
 *             the file is read),
 *             stethoscope (the stethoscope's USB audio input: a substring of its GstDeviceMonitor
 *             Audio/Source display name, e.g. "Thinklabs", or an ALSA card id, e.g. "Device"),
 *             stethoscope-source (auto|device|test|none, default auto: the stethoscope's own track
 *             in the call, media/cabine-call-audio.h; auto sends it when the device is connected,
 *             device requires it, test sends simulated heart sounds, none never)
 *   [devices] enabled (bool, default true), state-dir (where the IEEE 11073 extended configurations
 *             the kiosk accepted are remembered per device, default $XDG_STATE_HOME/cabine/devices)
 *   [ui]      inactivity-seconds (10–3600, default 90: with no touch for this long a patient page asks
 *             "are you still there?", then returns to welcome), spoken-prompts (bool, default true:
 *             espeak-ng reads the main steps aloud; the patient can switch it off)
 *   [maintenance] pin-hash (the operator PIN as an argon2id string from crypto_pwhash_str, made with
 *             `cabine --hash-pin`; without it maintenance mode cannot be entered),
 *             cleaning-interval-hours (0–8760, default 24; 0 disables the check: past it since the
 *             last recorded cleaning the kiosk refuses new patients)
 *   [privacy] retention-hours (0–8760, default 0: a consultation's patient data is purged as soon as
 *             the hub confirmed its upload; else that many hours after)
 *   [cameras] room, otoscope, dermatoscope: which camera has which role (media/cabine-camera-monitor.h):
 *             a USB id `VVVV:PPPP` in hexadecimal (e.g. `otoscope=0bda:5830`) or `name:TEXT`, a
 *             case-insensitive part of the camera's name (e.g. `dermatoscope=name:Dermatoscope`); no
 *             two roles with the same rule. Without a room rule the room camera is [media]
 *             video-source; an exam role without a rule has no camera (test patterns stand in only
 *             with video-source=test)
 * See data/kiosk-demo.conf for an example. An unknown group or key is an error (a typo must not
 * silently fall back to a default), and so is a key set twice in one group (GKeyFile would keep
 * the last silently). [kiosk] id: 1–64 ASCII letters, digits, '-', '_', '.'; hub-url must parse
 * (g_uri_parse) with a host.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/** Shortest kiosk token the hub accepts, in bytes (CABINE_HUB_CONFIG_MIN_TOKEN_LENGTH). */
#define CABINE_CONFIG_MIN_TOKEN_LENGTH 16

#define CABINE_CONFIG_ERROR (cabine_config_error_quark ())

/**
 * CabineConfigError:
 * @CABINE_CONFIG_ERROR_INVALID: a key is missing or has a value out of its range; the message names
 *   the file, the group and the key.
 *
 * Errors of the %CABINE_CONFIG_ERROR domain. Files that cannot be read or parsed give
 * %G_FILE_ERROR or %G_KEY_FILE_ERROR errors, prefixed with the file name.
 */
typedef enum {
  CABINE_CONFIG_ERROR_INVALID,
} CabineConfigError;

GQuark cabine_config_error_quark (void);

/* The longest [kiosk] id accepted, in bytes; the id holds only ASCII letters, digits, '-', '_'
 * and '.' (it goes into the hub's URLs, logs and the console). */
#define CABINE_CONFIG_KIOSK_ID_MAX 64

#define CABINE_TYPE_CONFIG (cabine_config_get_type ())
G_DECLARE_FINAL_TYPE (CabineConfig, cabine_config, CABINE, CONFIG, GObject)

/**
 * cabine_config_new_from_file:
 * @path: (type filename): the configuration file
 * @error: see #CabineConfigError
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL with @error set.
 */
CabineConfig *cabine_config_new_from_file       (const char   *path,
                                                 GError      **error);

/** Returns: (transfer none): the kiosk id known to the hub, e.g. "cabin-01". */
const char   *cabine_config_get_kiosk_id        (CabineConfig *self);
/** Returns: (transfer none): the kiosk's bearer token for the hub. */
const char   *cabine_config_get_token           (CabineConfig *self);
/** Returns: (transfer none): the hub's signalling URL, e.g. "ws://127.0.0.1:8443/ws". */
const char   *cabine_config_get_hub_url         (CabineConfig *self);
/** Returns: (transfer none) (type filename): the path of the kiosk's SQLite store. */
const char   *cabine_config_get_database        (CabineConfig *self);
/** Returns: seconds the end page stays on screen (1–600). */
guint         cabine_config_get_end_page_seconds (CabineConfig *self);
/**
 * cabine_config_parse_ice_server:
 * @scheme: "stun" for `[media] stun-server`, "turn" for `turn-server`
 * @value: the setting: stun:HOST[:PORT] (RFC 7064), stun://HOST[:PORT] or HOST[:PORT];
 *   turn:HOST[:PORT][?transport=udp] (RFC 7065) or turn://USER:PASSWORD@HOST[:PORT] (webrtcbin's
 *   form, the user and password percent-encoded); schemes in any case; an IPv6 address in brackets
 * @default_port: the port when @value has none (3478 for STUN and TURN over UDP, RFC 8489 §18.6)
 * @host: (out) (transfer full): the host name or IP address (an IPv6 one without brackets)
 * @port: (out): the port
 * @user: (out) (optional) (transfer full) (nullable): the TURN user in @value, decoded, or %NULL
 * @password: (out) (optional) (transfer full) (nullable): its password, decoded, or %NULL
 * @error: %CABINE_CONFIG_ERROR_INVALID saying what is wrong and which forms are expected: another
 *   scheme (stuns:, turns:, http:…), no host or an invalid one, port 0 or out of range, a path, a
 *   STUN server with a user or query, a TURN user without password, a transport other than UDP
 *
 * Reads the STUN or TURN server the maintenance network test uses, as the configuration was
 * checked with when it was read: what the kiosk accepts, the test reads the same way.
 *
 * Returns: whether @value is valid
 */
gboolean      cabine_config_parse_ice_server    (const char  *scheme,
                                                 const char  *value,
                                                 guint16      default_port,
                                                 char       **host,
                                                 guint16     *port,
                                                 char       **user,
                                                 char       **password,
                                                 GError     **error);

/**
 * cabine_config_get_media_option:
 * @key: a key of the [media] group
 * @fallback: the value when the key is absent
 *
 * Returns: (transfer none): the value, or @fallback.
 */
const char   *cabine_config_get_media_option    (CabineConfig *self,
                                                 const char   *key,
                                                 const char   *fallback);
/** Returns: whether [media] ice-loopback is set (tests in loopback-only network namespaces). */
gboolean      cabine_config_get_ice_loopback    (CabineConfig *self);
/** Default of [media] call-recovery-seconds. */
#define CABINE_CONFIG_CALL_RECOVERY_DEFAULT_S 45
/**
 * cabine_config_get_call_recovery_seconds:
 *
 * [media] call-recovery-seconds (0–600, default %CABINE_CONFIG_CALL_RECOVERY_DEFAULT_S): how long
 * the kiosk keeps re-establishing a call whose media stopped (a new offer with `restart`,
 * data/protocol.md "Recovery") before it ends it as `call-failed`; 0 disables recovery.
 *
 * Returns: seconds
 */
guint         cabine_config_get_call_recovery_seconds (CabineConfig *self);
/** Returns: whether the USB device manager runs ([devices] enabled). */
gboolean      cabine_config_get_devices_enabled (CabineConfig *self);
/** Returns: (transfer none): the directory for remembered IEEE 11073 extended configurations
 * ([devices] state-dir, default g_get_user_state_dir()/cabine/devices; see
 * cabine_device_manager_set_state_dir()). */
const char   *cabine_config_get_devices_state_dir (CabineConfig *self);

/** Returns: seconds without a touch before a patient page asks "are you still there?" (10–3600). */
guint         cabine_config_get_inactivity_seconds (CabineConfig *self);
/** Returns: whether the main steps are spoken aloud by default ([ui] spoken-prompts). */
gboolean      cabine_config_get_spoken_prompts  (CabineConfig *self);
/** Returns: (transfer none) (nullable): the operator PIN's argon2id hash string, %NULL when unset. */
const char   *cabine_config_get_pin_hash        (CabineConfig *self);
/** Returns: hours allowed between two cleanings, 0 when the check is off. */
guint         cabine_config_get_cleaning_interval_hours (CabineConfig *self);
/**
 * cabine_config_dump_public:
 *
 * Returns: (transfer full): the configuration as key-file text with the secrets ([kiosk] token,
 *   [maintenance] pin-hash) replaced by "(hidden)", for the maintenance configuration view.
 */
char         *cabine_config_dump_public         (CabineConfig *self);

/** cabine_config_get_hub_ca: Returns: (transfer none) (nullable): `[kiosk] hub-ca`, or %NULL. */
const char   *cabine_config_get_hub_ca          (CabineConfig *self);

/**
 * cabine_config_get_camera_rule:
 * @role: "room", "otoscope" or "dermatoscope"
 *
 * Returns: (transfer full) (nullable): the `[cameras]` rule of @role (checked at load), or %NULL
 */
char         *cabine_config_get_camera_rule     (CabineConfig *self,
                                                 const char   *role);

/** cabine_config_get_retention_hours: Returns: `[privacy] retention-hours` (default 0). */
guint         cabine_config_get_retention_hours (CabineConfig *self);

/**
 * cabine_config_check_environment:
 * @self: a configuration loaded by cabine_config_new_from_file()
 * @error: CABINE_CONFIG_ERROR_INVALID, the message naming the file, group and key
 *
 * What `cabine --check-config` checks beyond the file's syntax, without changing anything on
 * disk:
 * - [kiosk] token is at least %CABINE_CONFIG_MIN_TOKEN_LENGTH bytes;
 * - [kiosk] hub-ca, when set, is a readable file of PEM certificates
 *   (g_tls_certificate_list_new_from_file() finds at least one);
 * - [kiosk] database, when it exists, is a regular file (not a folder) that this user can open
 *   for writing, holding an empty or Cabine kiosk SQLite database (cabine_store_check_file():
 *   SQLite's own error for a file of another kind);
 * - the database, or its -wal and -shm files, could be created in its folder, or where the
 *   missing folders would go;
 * - with [devices] enabled, [devices] state-dir is a folder, or could be made, and files could be
 *   created in it.
 * Folders are tested by making an empty folder in them and removing it at once (permission bits
 * alone do not tell for root or read-only mounts).
 *
 * Returns: TRUE when all hold.
 */
gboolean      cabine_config_check_environment   (CabineConfig  *self,
                                                 GError       **error);

G_END_DECLS
