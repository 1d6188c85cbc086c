/* cabine-config.c: the kiosk's configuration (a GKeyFile)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-config"

#include "cabine-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cabine-camera-monitor.h"
#include "cabine-keyfile.h"
#include "cabine-store.h"

struct _CabineConfig
{
  GObject     parent_instance;

  GKeyFile   *keyfile;
  char       *path;
  char       *kiosk_id;
  char       *token;
  char       *hub_url;
  char       *database;
  guint       end_page_seconds;
  gboolean    ice_loopback;
  guint       call_recovery_seconds;
  gboolean    devices_enabled;
  char       *devices_state_dir;
  guint       inactivity_seconds;
  gboolean    spoken_prompts;
  char       *pin_hash;
  guint       cleaning_interval_hours;
  char       *hub_ca;
  guint       retention_hours;
};

G_DEFINE_QUARK (cabine-config-error-quark, cabine_config_error)
G_DEFINE_FINAL_TYPE (CabineConfig, cabine_config, G_TYPE_OBJECT)

static void
cabine_config_finalize (GObject *object)
{
  CabineConfig *self = CABINE_CONFIG (object);

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_free (self->path);
  g_free (self->kiosk_id);
  g_free (self->token);
  g_free (self->hub_url);
  g_free (self->hub_ca);
  g_free (self->database);
  g_free (self->pin_hash);
  g_free (self->devices_state_dir);
  G_OBJECT_CLASS (cabine_config_parent_class)->finalize (object);
}

static void
cabine_config_class_init (CabineConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_config_finalize;
}

static void
cabine_config_init (CabineConfig *self)
{
}

static char *
get_string (GKeyFile    *kf,
            const char  *path,
            const char  *group,
            const char  *key,
            const char  *fallback,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (kf, group, key, &local_error);

  if (value == NULL)
    {
      if (fallback != NULL)
        return g_strdup (fallback);
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [%s] %s is required", path, group, key);
      return NULL;
    }
  g_strstrip (value);
  if (*value == '\0')
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [%s] %s must not be empty", path, group, key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
get_boolean (GKeyFile    *kf,
             const char  *path,
             const char  *group,
             const char  *key,
             gboolean     fallback,
             gboolean    *out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value;

  if (!g_key_file_has_key (kf, group, key, NULL))
    {
      *out = fallback;
      return TRUE;
    }
  value = g_key_file_get_boolean (kf, group, key, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [%s] %s must be true or false", path, group, key);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
get_uint_in_range (GKeyFile    *kf,
                   const char  *path,
                   const char  *group,
                   const char  *key,
                   guint        fallback,
                   guint        min,
                   guint        max,
                   guint       *out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 value;

  if (!g_key_file_has_key (kf, group, key, NULL))
    {
      *out = fallback;
      return TRUE;
    }
  value = g_key_file_get_int64 (kf, group, key, &local_error);
  if (local_error != NULL || value < min || value > max)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [%s] %s must be a whole number from %u to %u", path, group, key, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
check_choice (GKeyFile           *kf,
              const char         *path,
              const char         *key,
              const char * const *choices,
              GError            **error)
{
  g_autofree char *value = g_key_file_get_string (kf, "media", key, NULL);

  if (value == NULL || g_strv_contains (choices, g_strstrip (value)))
    return TRUE;
  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);
    g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                 "%s: [media] %s is \"%s\"; expected one of %s", path, key, value, list);
  }
  return FALSE;
}

/* Every group and key the kiosk reads (cabine-config.h documents them): anything else is a typo
 * that would otherwise silently fall back to a default (a misspelt "database" would put patient
 * data elsewhere). Add new keys here. */
static const struct {
  const char *group;
  const char * const keys[20];
} known_keys[] = {
  { "kiosk", { "id", "token", "hub-url", "hub-ca", "database", "end-page-seconds", NULL } },
  { "media", { "video-source", "video-device", "audio-source", "audio-sink", "video-codec",
               "ice-loopback", "stun-server", "turn-server", "turn-username", "turn-credential",
               "call-recovery-seconds", "stethoscope", "stethoscope-source", "video-encoder",
               NULL } },
  { "devices", { "enabled", "state-dir", NULL } },
  { "ui", { "inactivity-seconds", "spoken-prompts", NULL } },
  { "maintenance", { "pin-hash", "cleaning-interval-hours", NULL } },
  { "privacy", { "retention-hours", NULL } },
  { "cameras", { "room", "otoscope", "dermatoscope", NULL } },
};

static gboolean
check_known_keys (GKeyFile    *kf,
                  const char  *path,
                  GError     **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;
      const char * const *allowed = NULL;

      for (gsize g = 0; g < G_N_ELEMENTS (known_keys); g++)
        if (g_str_equal (known_keys[g].group, groups[i]))
          allowed = known_keys[g].keys;
      if (allowed == NULL)
        {
          g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                       "%s: unknown group [%s]", path, groups[i]);
          return FALSE;
        }
      keys = g_key_file_get_keys (kf, groups[i], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        if (!g_strv_contains (allowed, keys[k]))
          {
            g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                         "%s: [%s] %s: unknown key", path, groups[i], keys[k]);
            return FALSE;
          }
    }
  return TRUE;
}

/* [cameras]: each value a rule of cabine-camera-monitor.h, no two roles with the same one. */
static gboolean
check_cameras (GKeyFile    *kf,
               const char  *path,
               GError     **error)
{
  /* each role's rule, lower-cased (NULL when unset) */
  g_autoptr(GPtrArray) seen = g_ptr_array_new_full (CABINE_CAMERA_N_ROLES, g_free);

  g_ptr_array_set_size (seen, CABINE_CAMERA_N_ROLES);

  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    {
      const char *role = cabine_camera_role_to_string (r);
      g_autofree char *value = g_key_file_get_string (kf, "cameras", role, NULL);
      g_autoptr(GError) rule_error = NULL;

      if (value == NULL)
        continue;
      g_strstrip (value);
      if (!cabine_camera_rule_check (value, &rule_error))
        {
          g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                       "%s: [cameras] %s: %s", path, role, rule_error->message);
          return FALSE;
        }
      seen->pdata[r] = g_ascii_strdown (value, -1);
      for (guint o = 0; o < r; o++)
        if (seen->pdata[o] != NULL && g_str_equal (seen->pdata[o], seen->pdata[r]))
          {
            g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                         "%s: [cameras] %s and %s have the same rule \"%s\"", path,
                         cabine_camera_role_to_string (o), role, value);
            return FALSE;
          }
    }
  return TRUE;
}

/* GKeyFile keeps the last of two lines with the same key in a group, silently: an operator who
 * added "id=" at the end of [kiosk] without removing the first would not know which one counts.
 * The file's lines are read again here (the same syntax GKeyFile reads: "[group]", "key=value",
 * "#" comments, blank lines) and any group/key pair seen twice is an error naming its lines. */
static gboolean
check_duplicate_keys (const char  *path,
                      GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *group = NULL;
  g_autofree char *key = NULL;
  guint first = 0, second = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return TRUE; /* GKeyFile has already read it; a race is reported by the loader */
  if (!cabine_keyfile_find_duplicate (text, &group, &key, &first, &second))
    return TRUE;
  g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
               "%s: [%s] %s is set twice (lines %u and %u); keep one", path, group, key, first,
               second);
  return FALSE;
}

/* The kiosk id goes into URLs, file names and the hub's console: letters, digits, '-', '_' and
 * '.', at most CABINE_CONFIG_KIOSK_ID_MAX bytes, and not "." or "..". */
static gboolean
check_kiosk_id (const char  *path,
                const char  *id,
                GError     **error)
{
  gsize len = strlen (id);

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      {
        g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                     "%s: [kiosk] id \"%s\" may only hold letters, digits, '-', '_' and '.'", path, id);
        return FALSE;
      }
  if (len > CABINE_CONFIG_KIOSK_ID_MAX || g_str_equal (id, ".") || g_str_equal (id, ".."))
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] id \"%s\" must be 1 to %d characters and not \".\" or \"..\"",
                   path, id, CABINE_CONFIG_KIOSK_ID_MAX);
      return FALSE;
    }
  return TRUE;
}

/* ws:// or wss:// with a host, as g_uri_parse() reads it. */
static gboolean
check_hub_url (const char  *path,
               const char  *url,
               GError     **error)
{
  g_autoptr(GError) uri_error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &uri_error);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (uri == NULL)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] hub-url \"%s\" is not a URL: %s", path, url, uri_error->message);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] hub-url \"%s\" must start with ws:// or wss://", path, url);
      return FALSE;
    }
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] hub-url \"%s\" has no host", path, url);
      return FALSE;
    }
  return TRUE;
}

/* The forms of [media] stun-server and turn-server (cabine_config_parse_ice_server()): only the
 * maintenance network test reads them (ui/maintenance/cabine-maint-network-page.h; the call's ICE
 * servers come from the hub), over UDP only, so stuns:, turns: and transport=tcp are refused, as is
 * anything the test would misread or only report once an operator opens its page. The value is
 * rewritten as SCHEME://REST and read by GUri; schemes are case-insensitive (RFC 3986 §3.1). */
static const char *
ice_server_forms (const char *scheme)
{
  return g_str_equal (scheme, "stun") ? "stun:HOST[:PORT], stun://HOST[:PORT] or HOST[:PORT]"
                                      : "turn:HOST[:PORT][?transport=udp] or "
                                        "turn://USER:PASSWORD@HOST[:PORT] (TURN over UDP)";
}

/* An IP address literal, or a host name (RFC 1123 §2.1: labels of letters, digits and '-', not
 * starting or ending with '-', at most 63 bytes each and 253 in all; '_' as some names have;
 * international names in their ASCII form). A name of digits and dots only must be an IPv4
 * address ("1.2.3" and "256.1.1.1" are not, though resolvers read the first as 1.2.0.3). */
static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  gboolean numeric = TRUE;
  guint n;

  if (g_hostname_is_ip_address (host))
    return TRUE;
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || *ascii == '\0' || strlen (ascii) > 253)
    return FALSE;
  labels = g_strsplit (ascii, ".", -1);
  n = g_strv_length (labels);
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 && i == n - 1 && n > 1)
        continue;   /* a final dot: the root */
      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
      for (const char *c = labels[i]; *c != '\0'; c++)
        {
          if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
            return FALSE;
          if (!g_ascii_isdigit (*c))
            numeric = FALSE;
        }
    }
  return !numeric;
}

static char *
ice_server_problem (const char  *scheme,
                    const char  *value,
                    GUri       **out_uri)
{
  static const char * const ice_schemes[] = { "stun", "stuns", "turn", "turns", NULL };
  /* "stun.example.org:3478" peeks as the scheme "stun.example.org": only the ICE schemes and
   * "…://" count as a scheme, anything else is a bare HOST[:PORT]. */
  const char *peeked = g_uri_peek_scheme (value);
  gsize scheme_len = strlen (scheme);
  const char *rest = value;
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) uri_error = NULL;

  if (value[0] == '"' || value[0] == '\'')
    return g_strdup ("no quotes are needed");
  if (strchr (value, ';') != NULL || strchr (value, ',') != NULL)
    return g_strdup ("one server only (the hub's ice-servers is the list the calls use)");
  if (g_ascii_strncasecmp (value, scheme, scheme_len) == 0 && value[scheme_len] == ':')
    {
      rest = value + scheme_len + 1;
      if (g_str_has_prefix (rest, "//"))
        rest += 2;
    }
  else if (peeked != NULL && (g_strv_contains (ice_schemes, peeked) || strstr (value, "://") != NULL))
    return g_strdup_printf ("its scheme is %s:, not %s:", peeked, scheme);

  text = g_strconcat (scheme, "://", rest, NULL);
  uri = g_uri_parse (text, G_URI_FLAGS_HAS_PASSWORD, &uri_error);
  if (uri == NULL)
    {
      const char *colon = strchr (rest, ':');

      if (strchr (rest, '[') == NULL && colon != NULL && strchr (colon + 1, ':') != NULL &&
          strchr (rest, '@') == NULL)
        return g_strdup_printf ("%s (an IPv6 address goes in brackets, e.g. %s:[2001:db8::1]:3478)",
                                uri_error->message, scheme);
      return g_strdup (uri_error->message);
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup ("it has no host");
  if (!host_is_valid (g_uri_get_host (uri)))
    return g_strdup_printf ("\"%s\" is not a host name or an IP address", g_uri_get_host (uri));
  if (g_uri_get_port (uri) == 0)
    return g_strdup ("port 0 is not a port");
  if (*g_uri_get_path (uri) != '\0' || g_uri_get_fragment (uri) != NULL)
    return g_strdup ("it has a path after the port");
  if (g_str_equal (scheme, "stun") && (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL))
    return g_strdup ("a STUN server takes no user, password or query");
  if (g_uri_get_user (uri) != NULL &&
      (*g_uri_get_user (uri) == '\0' || g_uri_get_password (uri) == NULL ||
       *g_uri_get_password (uri) == '\0'))
    return g_strdup ("a TURN user goes with its password (USER:PASSWORD@)");
  if (g_uri_get_query (uri) != NULL && g_ascii_strcasecmp (g_uri_get_query (uri), "transport=udp") != 0)
    return g_strdup_printf ("\"?%s\": the network test speaks TURN over UDP only",
                            g_uri_get_query (uri));
  if (out_uri != NULL)
    *out_uri = g_steal_pointer (&uri);
  return NULL;
}

gboolean
cabine_config_parse_ice_server (const char  *scheme,
                                const char  *value,
                                guint16      default_port,
                                char       **host,
                                guint16     *port,
                                char       **user,
                                char       **password,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (g_strcmp0 (scheme, "stun") == 0 || g_strcmp0 (scheme, "turn") == 0, FALSE);
  g_return_val_if_fail (value != NULL && host != NULL && port != NULL, FALSE);

  stripped = g_strstrip (g_strdup (value));
  if ((problem = ice_server_problem (scheme, stripped, &uri)) != NULL)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "\"%s\" is not valid: %s; expected %s", stripped, problem,
                   ice_server_forms (scheme));
      return FALSE;
    }
  *host = g_strdup (g_uri_get_host (uri));
  *port = g_uri_get_port (uri) > 0 ? (guint16) g_uri_get_port (uri) : default_port;
  if (user != NULL)
    *user = g_strdup (g_uri_get_user (uri));
  if (password != NULL)
    *password = g_strdup (g_uri_get_password (uri));
  return TRUE;
}

static gboolean
check_ice_server (GKeyFile    *kf,
                  const char  *path,
                  const char  *key,
                  const char  *scheme,
                  GError     **error)
{
  g_autofree char *value = g_key_file_get_string (kf, "media", key, NULL);
  g_autofree char *host = NULL;
  guint16 port;

  if (value == NULL ||
      cabine_config_parse_ice_server (scheme, value, 0, &host, &port, NULL, NULL, error))
    return TRUE;
  g_prefix_error (error, "%s: [media] %s ", path, key);
  return FALSE;
}

/* A file or folder setting is an absolute path: GKeyFile expands neither "~" nor variables, and a
 * relative path would depend on the folder the kiosk was started from. */
static gboolean
check_absolute (const char  *path,
                const char  *group,
                const char  *key,
                const char  *value,
                GError     **error)
{
  if (g_path_is_absolute (value))
    return TRUE;
  g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
               "%s: [%s] %s \"%s\" is not an absolute path (it must start with /%s)", path, group,
               key, value, value[0] == '~' ? "; ~ is not expanded" :
                               value[0] == '"' || value[0] == '\'' ? "; no quotes are needed" : "");
  return FALSE;
}

CabineConfig *
cabine_config_new_from_file (const char  *path,
                             GError     **error)
{
  g_autoptr(CabineConfig) self = g_object_new (CABINE_TYPE_CONFIG, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_db = NULL;
  static const char * const video_sources[] = { "auto", "test", "v4l2", NULL };
  static const char * const audio_sources[] = { "auto", "test", NULL };
  static const char * const audio_sinks[] = { "auto", "fake", NULL };
  static const char * const codecs[] = { "h264", "vp8", NULL };
  static const char * const video_encoders[] = { "auto", "openh264", "x264", NULL };
  static const char * const stethoscope_sources[] = { "auto", "device", "test", "none", NULL };
  gint64 end_seconds = 8;

  self->keyfile = g_key_file_new ();
  if (!g_key_file_load_from_file (self->keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return NULL;
    }

  if (!check_duplicate_keys (path, error) ||
      !check_known_keys (self->keyfile, path, error) ||
      !check_cameras (self->keyfile, path, error))
    return NULL;

  if (!(self->kiosk_id = get_string (self->keyfile, path, "kiosk", "id", NULL, error)) ||
      !(self->token = get_string (self->keyfile, path, "kiosk", "token", NULL, error)) ||
      !(self->hub_url = get_string (self->keyfile, path, "kiosk", "hub-url",
                                    "ws://127.0.0.1:8443/ws", error)))
    return NULL;
  if (!check_kiosk_id (path, self->kiosk_id, error) ||
      !check_hub_url (path, self->hub_url, error))
    return NULL;
  self->path = g_strdup (path);

  default_db = g_build_filename (g_get_user_data_dir (), "cabine", "kiosk.db", NULL);
  if (!(self->database = get_string (self->keyfile, path, "kiosk", "database", default_db, error)) ||
      !check_absolute (path, "kiosk", "database", self->database, error))
    return NULL;

  if (g_key_file_has_key (self->keyfile, "kiosk", "end-page-seconds", NULL))
    {
      end_seconds = g_key_file_get_int64 (self->keyfile, "kiosk", "end-page-seconds", &local_error);
      if (local_error != NULL || end_seconds < 1 || end_seconds > 600)
        {
          g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                       "%s: [kiosk] end-page-seconds must be a whole number from 1 to 600", path);
          return NULL;
        }
    }
  self->end_page_seconds = (guint) end_seconds;

  if (!check_choice (self->keyfile, path, "video-source", video_sources, error) ||
      !check_choice (self->keyfile, path, "audio-source", audio_sources, error) ||
      !check_choice (self->keyfile, path, "audio-sink", audio_sinks, error) ||
      !check_choice (self->keyfile, path, "video-codec", codecs, error) ||
      !check_choice (self->keyfile, path, "video-encoder", video_encoders, error) ||
      !check_choice (self->keyfile, path, "stethoscope-source", stethoscope_sources, error))
    return NULL;
  /* The stethoscope (media/cabine-call-audio.h): "device" needs to know which input it is. */
  if (g_strcmp0 (cabine_config_get_media_option (self, "stethoscope-source", NULL), "device") == 0 &&
      cabine_config_get_media_option (self, "stethoscope", NULL) == NULL)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [media] stethoscope-source=device needs [media] stethoscope", path);
      return NULL;
    }

  if (!check_ice_server (self->keyfile, path, "stun-server", "stun", error) ||
      !check_ice_server (self->keyfile, path, "turn-server", "turn", error))
    return NULL;
  {
    const char *server = cabine_config_get_media_option (self, "turn-server", NULL);
    const char *user = cabine_config_get_media_option (self, "turn-username", NULL);
    const char *credential = cabine_config_get_media_option (self, "turn-credential", NULL);

    if ((user == NULL) != (credential == NULL) || (user != NULL && server == NULL))
      {
        g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                     "%s: [media] %s: turn-username and turn-credential go together, with "
                     "turn-server", path, user != NULL ? "turn-username" : "turn-credential");
        return NULL;
      }
  }

  if (!get_boolean (self->keyfile, path, "media", "ice-loopback", FALSE, &self->ice_loopback, error) ||
      !get_boolean (self->keyfile, path, "devices", "enabled", TRUE, &self->devices_enabled, error))
    return NULL;

  {
    g_autofree char *default_state = g_build_filename (g_get_user_state_dir (), "cabine",
                                                       "devices", NULL);
    if (!(self->devices_state_dir = get_string (self->keyfile, path, "devices", "state-dir",
                                                default_state, error)) ||
        !check_absolute (path, "devices", "state-dir", self->devices_state_dir, error))
      return NULL;
  }

  if (!get_uint_in_range (self->keyfile, path, "media", "call-recovery-seconds",
                          CABINE_CONFIG_CALL_RECOVERY_DEFAULT_S, 0, 600,
                          &self->call_recovery_seconds, error))
    return NULL;
  if (!get_uint_in_range (self->keyfile, path, "ui", "inactivity-seconds", 90, 10, 3600,
                          &self->inactivity_seconds, error) ||
      !get_boolean (self->keyfile, path, "ui", "spoken-prompts", TRUE, &self->spoken_prompts, error) ||
      !get_uint_in_range (self->keyfile, path, "maintenance", "cleaning-interval-hours", 24, 0, 24 * 365,
                          &self->cleaning_interval_hours, error))
    return NULL;
  if (g_key_file_has_key (self->keyfile, "maintenance", "pin-hash", NULL))
    {
      self->pin_hash = get_string (self->keyfile, path, "maintenance", "pin-hash", NULL, error);
      if (self->pin_hash == NULL)
        return NULL;
      if (!g_str_has_prefix (self->pin_hash, "$argon2id$"))
        {
          g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                       "%s: [maintenance] pin-hash must be an argon2id hash (cabine --hash-pin)", path);
          return NULL;
        }
    }

  /* Records (cabine-outbox.h): the CA the hub's certificate must chain to, and the retention. */
  if (g_key_file_has_key (self->keyfile, "kiosk", "hub-ca", NULL) &&
      (!(self->hub_ca = get_string (self->keyfile, path, "kiosk", "hub-ca", NULL, error)) ||
       !check_absolute (path, "kiosk", "hub-ca", self->hub_ca, error)))
    return NULL;
  /* An operator who set a CA means the link to be encrypted; over ws:// it would not be, silently. */
  if (self->hub_ca != NULL && g_ascii_strncasecmp (self->hub_url, "wss://", 6) != 0)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] hub-ca is set but hub-url \"%s\" is not wss://: the link to the "
                   "hub would not be encrypted", path, self->hub_url);
      return NULL;
    }
  if (!get_uint_in_range (self->keyfile, path, "privacy", "retention-hours", 0, 0, 24 * 365,
                          &self->retention_hours, error))
    return NULL;

  return g_steal_pointer (&self);
}

char *
cabine_config_get_camera_rule (CabineConfig *self,
                               const char   *role)
{
  char *value;

  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  value = g_key_file_get_string (self->keyfile, "cameras", role, NULL);
  return value != NULL ? g_strstrip (value) : NULL;
}

const char *
cabine_config_get_kiosk_id (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->kiosk_id;
}

const char *
cabine_config_get_token (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->token;
}

const char *
cabine_config_get_hub_url (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->hub_url;
}

const char *
cabine_config_get_database (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->database;
}

guint
cabine_config_get_end_page_seconds (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), 8);
  return self->end_page_seconds;
}

const char *
cabine_config_get_media_option (CabineConfig *self,
                                const char   *key,
                                const char   *fallback)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CABINE_IS_CONFIG (self), fallback);

  value = g_key_file_get_string (self->keyfile, "media", key, NULL);
  if (value == NULL)
    return fallback;
  /* Interned so the caller may keep it without owning it. */
  return g_intern_string (g_strstrip (value));
}

gboolean
cabine_config_get_ice_loopback (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), FALSE);
  return self->ice_loopback;
}

guint
cabine_config_get_call_recovery_seconds (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), 0);
  return self->call_recovery_seconds;
}

gboolean
cabine_config_get_devices_enabled (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), TRUE);
  return self->devices_enabled;
}

const char *
cabine_config_get_devices_state_dir (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->devices_state_dir;
}

guint
cabine_config_get_inactivity_seconds (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), 90);
  return self->inactivity_seconds;
}

gboolean
cabine_config_get_spoken_prompts (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), FALSE);
  return self->spoken_prompts;
}

const char *
cabine_config_get_pin_hash (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->pin_hash;
}

guint
cabine_config_get_cleaning_interval_hours (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), 0);
  return self->cleaning_interval_hours;
}

char *
cabine_config_dump_public (CabineConfig *self)
{
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) copy = g_key_file_new ();

  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);

  data = g_key_file_to_data (self->keyfile, NULL, NULL);
  if (!g_key_file_load_from_data (copy, data, (gsize) -1, G_KEY_FILE_NONE, NULL))
    return g_strdup ("");
  if (g_key_file_has_key (copy, "kiosk", "token", NULL))
    g_key_file_set_string (copy, "kiosk", "token", "(hidden)");
  if (g_key_file_has_key (copy, "maintenance", "pin-hash", NULL))
    g_key_file_set_string (copy, "maintenance", "pin-hash", "(hidden)");
  return g_key_file_to_data (copy, NULL, NULL);
}

const char *
cabine_config_get_hub_ca (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), NULL);
  return self->hub_ca;
}

guint
cabine_config_get_retention_hours (CabineConfig *self)
{
  g_return_val_if_fail (CABINE_IS_CONFIG (self), 0);
  return self->retention_hours;
}

/* @dir exists, or the nearest existing folder above it is one in which the missing folders could
 * be made, and files can be created in @dir (nothing is left on disk). @what says what goes into
 * @dir, for the message. */
static gboolean
check_folder_usable (CabineConfig  *self,
                     const char    *group,
                     const char    *key,
                     const char    *value,
                     const char    *dir,
                     const char    *what,
                     GError       **error)
{
  g_autofree char *probe = g_strdup (dir);

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (probe);

      if (g_str_equal (parent, probe))
        {
          g_free (parent);
          break;
        }
      g_free (probe);
      probe = parent;
    }
  if (!g_file_test (probe, G_FILE_TEST_IS_DIR))
    {
      if (g_str_equal (probe, dir))
        g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                     "%s: [%s] %s \"%s\": %s is not a folder", self->path, group, key, value, dir);
      else
        g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                     "%s: [%s] %s \"%s\": the folder %s cannot be created (%s is not a folder)",
                     self->path, group, key, value, dir, probe);
      return FALSE;
    }
  {
    /* Permission bits do not tell (root, read-only mounts, /proc): an empty folder made and
     * removed at once does, and leaves nothing behind. */
    g_autofree char *tmpl = g_build_filename (probe, ".cabine-check-XXXXXX", NULL);

    if (g_mkdtemp (tmpl) == NULL)
      {
        int saved = errno;
        g_autofree char *missing = g_strdup_printf ("the folder %s", dir);

        g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                     "%s: [%s] %s \"%s\": %s cannot be created in %s (%s)", self->path, group, key,
                     value, g_str_equal (probe, dir) ? what : missing, probe, g_strerror (saved));
        return FALSE;
      }
    g_rmdir (tmpl);
  }
  return TRUE;
}

/* An existing [kiosk] database is a regular file the kiosk can open for writing, holding an empty
 * or Cabine kiosk SQLite database (cabine_store_check_file()). Its folder is checked apart (the
 * WAL and the journal are created beside it). */
static gboolean
check_database_file (CabineConfig  *self,
                     GError       **error)
{
  g_autoptr(GError) store_error = NULL;
  GStatBuf st;
  int fd;

  if (g_stat (self->database, &st) != 0)
    {
      int saved = errno;

      /* absent: made at the kiosk's start; ENOTDIR: a file on the way, which the folder check
       * names */
      if (saved == ENOENT || saved == ENOTDIR)
        return TRUE;
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] database \"%s\" cannot be read (%s)", self->path, self->database,
                   g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *example = g_build_filename (self->database, "kiosk.db", NULL);

      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] database \"%s\" is a folder; it must name the database file, "
                   "e.g. %s", self->path, self->database, example);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] database \"%s\" is not a regular file", self->path, self->database);
      return FALSE;
    }
  /* Opened read-write as the kiosk opens it, and closed unchanged: the kernel's own answer for
   * this user, rather than a reading of permission bits. */
  fd = g_open (self->database, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] database \"%s\" cannot be opened for writing (%s)", self->path,
                   self->database, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (!cabine_store_check_file (self->database, &store_error))
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] database: %s", self->path, store_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_config_check_environment (CabineConfig  *self,
                                 GError       **error)
{
  g_autofree char *db_dir = NULL;

  g_return_val_if_fail (CABINE_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (self->token) < CABINE_CONFIG_MIN_TOKEN_LENGTH)
    {
      g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                   "%s: [kiosk] token is shorter than %d bytes, which the hub refuses", self->path,
                   CABINE_CONFIG_MIN_TOKEN_LENGTH);
      return FALSE;
    }
  if (self->hub_ca != NULL)
    {
      g_autoptr(GError) tls_error = NULL;
      GList *certs = g_tls_certificate_list_new_from_file (self->hub_ca, &tls_error);

      if (certs == NULL)
        {
          g_set_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID,
                       "%s: [kiosk] hub-ca \"%s\": %s", self->path, self->hub_ca,
                       tls_error != NULL ? tls_error->message : "no PEM certificate in the file");
          return FALSE;
        }
      g_list_free_full (certs, g_object_unref);
    }
  db_dir = g_path_get_dirname (self->database);
  if (!check_database_file (self, error) ||
      !check_folder_usable (self, "kiosk", "database", self->database, db_dir,
                            g_file_test (self->database, G_FILE_TEST_EXISTS)
                              ? "the database's journal (-wal, -shm)" : "the database",
                            error))
    return FALSE;
  /* The device manager makes the folder and writes files in it when an instrument's configuration
   * is accepted; failing there is only a warning in the log, so say it here. */
  if (self->devices_enabled &&
      !check_folder_usable (self, "devices", "state-dir", self->devices_state_dir,
                            self->devices_state_dir, "files", error))
    return FALSE;
  return TRUE;
}
