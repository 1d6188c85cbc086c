/* cabine-hub-config.c: configuration of cabine-hub, read from a GKeyFile
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-config"

#include "cabine-hub-config.h"

#include <gio/gio.h>
#include <string.h>

#include "cabine-build-config.h"
#include "cabine-hub-store-sqlite.h"
#include "cabine-hub-tls.h"
#include "cabine-keyfile.h"

G_DEFINE_QUARK (cabine-hub-config-error-quark, cabine_hub_config_error)

struct _CabineHubConfig
{
  GObject parent_instance;

  char *name;             /* the file, as messages name it */
  char *listen;
  guint16 port;
  char *console_dir;
  GStrv ice_servers;
  char *turn_username;    /* static TURN credentials (coturn lt-cred-mech) */
  char *turn_credential;
  char *turn_secret;      /* or time-limited ones (coturn use-auth-secret) */
  guint turn_ttl;
  guint resume_seconds;
  CabineAccounts *accounts;
  char *database;
  char *tls_certificate;
  char *tls_key;
  /* Set by the command line's overrides: messages then name the option, not the key. */
  gboolean listen_from_option;
  gboolean database_from_option;
  gboolean tls_from_option;
};

G_DEFINE_FINAL_TYPE (CabineHubConfig, cabine_hub_config, G_TYPE_OBJECT)

static void
cabine_hub_config_finalize (GObject *object)
{
  CabineHubConfig *self = CABINE_HUB_CONFIG (object);

  g_free (self->name);
  g_free (self->listen);
  g_free (self->console_dir);
  g_strfreev (self->ice_servers);
  g_free (self->turn_username);
  g_free (self->turn_credential);
  g_free (self->turn_secret);
  g_clear_object (&self->accounts);
  g_free (self->database);
  g_free (self->tls_certificate);
  g_free (self->tls_key);

  G_OBJECT_CLASS (cabine_hub_config_parent_class)->finalize (object);
}

static void
cabine_hub_config_class_init (CabineHubConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_hub_config_finalize;
}

static void
cabine_hub_config_init (CabineHubConfig *self)
{
  self->listen = g_strdup (CABINE_HUB_CONFIG_DEFAULT_LISTEN);
  self->port = CABINE_HUB_CONFIG_DEFAULT_PORT;
  self->ice_servers = g_new0 (char *, 1);
  self->turn_ttl = CABINE_HUB_CONFIG_DEFAULT_TURN_TTL;
  self->resume_seconds = CABINE_HUB_CONFIG_DEFAULT_RESUME_SECONDS;
  self->accounts = cabine_accounts_new ();
}

static char *
default_console_dir (void)
{
  g_autofree char *source = g_build_filename (CABINE_SOURCE_DIR, "data", "console", NULL);

  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  return g_build_filename (PKGDATADIR, "console", NULL);
}

/* Whether @host is written as a DNS name (RFC 1123 §2.1 letters, digits, hyphens, dots; an
 * internationalised name in its ASCII form). */
static gboolean
is_dns_name (const char *host)
{
  for (const char *c = host; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
      return FALSE;
  return TRUE;
}

/* One entry of [hub] ice-servers, as the console's RTCPeerConnection takes it: a STUN URL
 * (stun:HOST[:PORT], RFC 7064 §3.1) or a TURN one (turn: or turns:HOST[:PORT][?transport=udp|tcp],
 * RFC 7065 §3.1); the scheme in any case (RFC 3986 §3.1), written back in lower case, as the relay
 * tells TURN entries by it. Returns the URL, or NULL with @why set to what is wrong. */
static char *
normalize_ice_server_url (const char  *url,
                          char       **why)
{
  const char *colon = strchr (url, ':');
  g_autofree char *scheme = NULL;
  g_autofree char *authority = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *query, *rest, *host;

  if (colon == NULL)
    {
      *why = g_strdup ("no scheme");
      return NULL;
    }
  scheme = g_ascii_strdown (url, colon - url);
  if (!g_str_equal (scheme, "stun") && !g_str_equal (scheme, "turn") &&
      !g_str_equal (scheme, "turns"))
    {
      *why = g_strdup_printf ("the scheme '%.*s' is none of these", (int) (colon - url), url);
      return NULL;
    }
  rest = colon + 1;
  if (g_str_has_prefix (rest, "//"))    /* browsers take stun://HOST too */
    rest += 2;
  authority = g_strconcat (scheme, "://", rest, NULL);
  uri = g_uri_parse (authority, G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  query = g_uri_get_query (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    *why = g_strdup ("no host");
  else if (!g_hostname_is_ip_address (host) && !is_dns_name (host))
    *why = g_strdup_printf ("'%s' is not a host name (letters, digits, '-' and '.') or an IP "
                            "address", host);
  else if (g_uri_get_userinfo (uri) != NULL)
    *why = g_strdup ("a user name belongs in [hub] turn-username or turn-secret, not in the URL");
  else if (g_uri_get_port (uri) == 0)
    *why = g_strdup ("port 0");
  else if (*g_uri_get_path (uri) != '\0' || g_uri_get_fragment (uri) != NULL)
    *why = g_strdup ("a path or fragment after the host and port");
  else if (query != NULL && g_str_equal (scheme, "stun"))
    *why = g_strdup_printf ("a STUN URL takes no query ('?%s')", query);
  else if (query != NULL && !g_str_equal (query, "transport=udp") &&
           !g_str_equal (query, "transport=tcp"))
    *why = g_strdup_printf ("the query '?%s' is not ?transport=udp or ?transport=tcp", query);
  if (*why != NULL)
    return NULL;
  return g_strconcat (scheme, ":", colon + 1, NULL);
}

G_GNUC_PRINTF (6, 7)
static gboolean
fail (GError    **error,
      int         code,
      const char *name,
      const char *group,
      const char *key,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (key != NULL)
    g_set_error (error, CABINE_HUB_CONFIG_ERROR, code, "%s: [%s] %s: %s", name, group, key, what);
  else
    g_set_error (error, CABINE_HUB_CONFIG_ERROR, code, "%s: [%s]: %s", name, group, what);
  return FALSE;
}

/* Checks that @group has only keys from @allowed (NULL-terminated). */
static gboolean
check_keys (GKeyFile           *kf,
            const char         *name,
            const char         *group,
            const char * const *allowed,
            GError            **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (allowed, keys[i]))
      return fail (error, CABINE_HUB_CONFIG_ERROR_UNKNOWN, name, group, keys[i], "unknown key");
  return TRUE;
}

/* A required, non-empty string value. */
static char *
get_required (GKeyFile   *kf,
              const char *name,
              const char *group,
              const char *key,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  if (!g_key_file_has_key (kf, group, key, NULL))
    {
      fail (error, CABINE_HUB_CONFIG_ERROR_MISSING, name, group, key, "missing");
      return NULL;
    }
  value = g_key_file_get_string (kf, group, key, &local_error);
  if (value == NULL)
    {
      fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, key, "%s", local_error->message);
      return NULL;
    }
  g_strstrip (value);
  if (*value == '\0')
    {
      fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, key, "empty");
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* get_required() for a file or folder: an absolute path, as GKeyFile expands neither "~" nor
 * variables and a relative path would depend on the folder the hub was started from. */
static char *
get_path (GKeyFile   *kf,
          const char *name,
          const char *group,
          const char *key,
          GError    **error)
{
  g_autofree char *value = get_required (kf, name, group, key, error);

  if (value != NULL && !g_path_is_absolute (value))
    {
      fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, key,
            "\"%s\" is not an absolute path (it must start with /%s)", value,
            value[0] == '~' ? "; ~ is not expanded" :
            value[0] == '"' || value[0] == '\'' ? "; no quotes are needed" : "");
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
valid_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* [hub] turn-username + turn-credential (both or neither), or turn-secret (+ turn-ttl). */
static gboolean
load_turn_auth (CabineHubConfig *self,
                GKeyFile        *kf,
                const char      *name,
                GError         **error)
{
  const char *g = "hub";
  gboolean has_user = g_key_file_has_key (kf, g, "turn-username", NULL);
  gboolean has_credential = g_key_file_has_key (kf, g, "turn-credential", NULL);

  if (has_user != has_credential)
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g,
                 has_user ? "turn-username" : "turn-credential",
                 "turn-username and turn-credential go together");
  if (has_user && g_key_file_has_key (kf, g, "turn-secret", NULL))
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "turn-secret",
                 "use either turn-secret or turn-username/turn-credential");
  if (has_user &&
      ((self->turn_username = get_required (kf, name, g, "turn-username", error)) == NULL ||
       (self->turn_credential = get_required (kf, name, g, "turn-credential", error)) == NULL))
    return FALSE;
  if (g_key_file_has_key (kf, g, "turn-secret", NULL) &&
      (self->turn_secret = get_required (kf, name, g, "turn-secret", error)) == NULL)
    return FALSE;
  if (g_key_file_has_key (kf, g, "turn-ttl", NULL))
    {
      g_autofree char *text = get_required (kf, name, g, "turn-ttl", error);
      guint64 ttl;

      if (text == NULL)
        return FALSE;
      if (!g_ascii_string_to_unsigned (text, 10, 60, 7 * 24 * 3600, &ttl, NULL))
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "turn-ttl",
                     "'%s' is not a number of seconds between 60 and 604800", text);
      self->turn_ttl = (guint) ttl;
    }
  return TRUE;
}

static gboolean
load_hub (CabineHubConfig *self,
          GKeyFile        *kf,
          const char      *name,
          GError         **error)
{
  static const char * const allowed[] = { "listen", "port", "console-dir", "ice-servers", "database",
                                          "tls-certificate", "tls-key", "turn-username",
                                          "turn-credential", "turn-secret", "turn-ttl",
                                          "resume-seconds", NULL };
  const char *g = "hub";

  if (!g_key_file_has_group (kf, g))
    return TRUE;
  if (!check_keys (kf, name, g, allowed, error))
    return FALSE;

  if (g_key_file_has_key (kf, g, "listen", NULL))
    {
      g_autofree char *listen = get_required (kf, name, g, "listen", error);
      g_autoptr(GInetAddress) addr = NULL;

      if (listen == NULL)
        return FALSE;
      addr = g_inet_address_new_from_string (listen);
      if (addr == NULL)
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "listen",
                     "'%s' is not an IP address", listen);
      g_free (self->listen);
      self->listen = g_steal_pointer (&listen);
    }

  if (g_key_file_has_key (kf, g, "port", NULL))
    {
      g_autofree char *text = get_required (kf, name, g, "port", error);
      guint64 port;

      if (text == NULL)
        return FALSE;
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT16, &port, NULL))
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "port",
                     "'%s' is not a port number (0–65535)", text);
      self->port = (guint16) port;
    }

  if (g_key_file_has_key (kf, g, "console-dir", NULL))
    {
      g_autofree char *dir = get_path (kf, name, g, "console-dir", error);

      if (dir == NULL)
        return FALSE;
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "console-dir",
                     "'%s' is not a directory", dir);
      g_free (self->console_dir);
      self->console_dir = g_steal_pointer (&dir);
    }

  if (g_key_file_has_key (kf, g, "ice-servers", NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) urls = g_key_file_get_string_list (kf, g, "ice-servers", NULL, &local_error);

      if (urls == NULL)
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "ice-servers",
                     "%s", local_error->message);
      for (guint i = 0; urls[i] != NULL; i++)
        {
          g_autofree char *why = NULL;
          char *url = normalize_ice_server_url (g_strstrip (urls[i]), &why);

          if (url == NULL)
            return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "ice-servers",
                         "'%s' is not a stun:, turn: or turns: URL (RFC 7064, RFC 7065): %s",
                         urls[i], why);
          g_free (urls[i]);
          urls[i] = url;
        }
      g_strfreev (self->ice_servers);
      self->ice_servers = g_steal_pointer (&urls);
    }

  if (!load_turn_auth (self, kf, name, error))
    return FALSE;

  /* How long a call outlives a lost signalling connection (data/protocol.md, "Signalling
   * interruption"). */
  if (g_key_file_has_key (kf, g, "resume-seconds", NULL))
    {
      g_autofree char *text = get_required (kf, name, g, "resume-seconds", error);
      guint64 seconds;

      if (text == NULL)
        return FALSE;
      if (!g_ascii_string_to_unsigned (text, 10, 0, CABINE_HUB_CONFIG_MAX_RESUME_SECONDS, &seconds,
                                       NULL))
        return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, g, "resume-seconds",
                     "'%s' is not a number of seconds between 0 and %d (0: a call ends as soon "
                     "as a peer's connection to the hub is lost)", text,
                     CABINE_HUB_CONFIG_MAX_RESUME_SECONDS);
      self->resume_seconds = (guint) seconds;
    }

  /* Records and TLS (cabine-hub-store-sqlite.h, cabine-hub-server.h): paths, checked when used. */
  if (g_key_file_has_key (kf, g, "database", NULL) &&
      (self->database = get_path (kf, name, g, "database", error)) == NULL)
    return FALSE;
  if (g_key_file_has_key (kf, g, "tls-certificate", NULL) &&
      (self->tls_certificate = get_path (kf, name, g, "tls-certificate", error)) == NULL)
    return FALSE;
  if (g_key_file_has_key (kf, g, "tls-key", NULL) &&
      (self->tls_key = get_path (kf, name, g, "tls-key", error)) == NULL)
    return FALSE;
  if ((self->tls_certificate == NULL) != (self->tls_key == NULL))
    return fail (error, CABINE_HUB_CONFIG_ERROR_MISSING, name, g,
                 self->tls_certificate == NULL ? "tls-certificate" : "tls-key",
                 "tls-certificate and tls-key go together");
  return TRUE;
}

static gboolean
load_kiosk (CabineHubConfig *self,
            GKeyFile        *kf,
            const char      *name,
            const char      *group,
            const char      *id,
            GError         **error)
{
  static const char * const allowed[] = { "token", NULL };
  g_autofree char *token = NULL;

  if (!valid_id (id))
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, NULL,
                 "a kiosk id is made of letters, digits, '-', '_' and '.'");
  if (!check_keys (kf, name, group, allowed, error))
    return FALSE;
  token = get_required (kf, name, group, "token", error);
  if (token == NULL)
    return FALSE;
  if (strlen (token) < CABINE_HUB_CONFIG_MIN_TOKEN_LENGTH)
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, "token",
                 "shorter than %d bytes", CABINE_HUB_CONFIG_MIN_TOKEN_LENGTH);
  cabine_accounts_add_kiosk (self->accounts, id, token);
  return TRUE;
}

static gboolean
load_physician (CabineHubConfig *self,
                GKeyFile        *kf,
                const char      *name,
                const char      *group,
                const char      *username,
                GError         **error)
{
  static const char * const allowed[] = { "display-name", "password-hash", NULL };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *hash = NULL;

  if (!valid_id (username))
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, NULL,
                 "a username is made of letters, digits, '-', '_' and '.'");
  if (!check_keys (kf, name, group, allowed, error))
    return FALSE;
  display = get_required (kf, name, group, "display-name", error);
  if (display == NULL)
    return FALSE;
  hash = get_required (kf, name, group, "password-hash", error);
  if (hash == NULL)
    return FALSE;
  if (!cabine_accounts_add_physician (self->accounts, username, display, hash, &local_error))
    return fail (error, CABINE_HUB_CONFIG_ERROR_INVALID, name, group, "password-hash",
                 "%s", local_error->message);
  return TRUE;
}

static gboolean
load (CabineHubConfig *self,
      GKeyFile        *kf,
      const char      *name,
      GError         **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  if (!load_hub (self, kf, name, error))
    return FALSE;
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *g = groups[i];

      if (g_str_equal (g, "hub"))
        continue;
      if (g_str_has_prefix (g, "kiosk:"))
        {
          if (!load_kiosk (self, kf, name, g, g + strlen ("kiosk:"), error))
            return FALSE;
        }
      else if (g_str_has_prefix (g, "physician:"))
        {
          if (!load_physician (self, kf, name, g, g + strlen ("physician:"), error))
            return FALSE;
        }
      else
        return fail (error, CABINE_HUB_CONFIG_ERROR_UNKNOWN, name, g, NULL,
                     "unknown group (expected [hub], [kiosk:<id>] or [physician:<username>])");
    }
  if (self->console_dir == NULL)
    self->console_dir = default_console_dir ();
  return TRUE;
}

CabineHubConfig *
cabine_hub_config_new_from_data (const char *data,
                                 const char *name,
                                 GError    **error)
{
  g_autoptr(CabineHubConfig) self = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL && name != NULL, NULL);

  if (!g_key_file_load_from_data (kf, data, (gsize) -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_FILE,
                   "%s: %s", name, local_error->message);
      return NULL;
    }
  {
    g_autofree char *group = NULL;
    g_autofree char *key = NULL;
    guint first = 0, second = 0;

    if (cabine_keyfile_find_duplicate (data, &group, &key, &first, &second))
      {
        g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID,
                     "%s: [%s] %s is set twice (lines %u and %u); keep one", name, group, key,
                     first, second);
        return NULL;
      }
  }
  self = g_object_new (CABINE_TYPE_HUB_CONFIG, NULL);
  self->name = g_strdup (name);
  if (!load (self, kf, name, error))
    return NULL;
  return g_steal_pointer (&self);
}

CabineHubConfig *
cabine_hub_config_new_from_file (const char *path,
                                 GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, NULL, &local_error))
    {
      g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_FILE,
                   "%s", local_error->message);
      return NULL;
    }
  return cabine_hub_config_new_from_data (data, path, error);
}

const char *
cabine_hub_config_get_listen (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->listen;
}

gboolean
cabine_hub_config_set_listen (CabineHubConfig *self,
                              const char      *address,
                              GError         **error)
{
  g_autoptr(GInetAddress) addr = NULL;

  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  addr = g_inet_address_new_from_string (address);
  if (addr == NULL)
    {
      g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID,
                   "--listen: '%s' is not an IP address", address);
      return FALSE;
    }
  g_free (self->listen);
  self->listen = g_strdup (address);
  self->listen_from_option = TRUE;
  return TRUE;
}

guint16
cabine_hub_config_get_port (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), 0);
  return self->port;
}

void
cabine_hub_config_set_port (CabineHubConfig *self,
                            guint16          port)
{
  g_return_if_fail (CABINE_IS_HUB_CONFIG (self));
  self->port = port;
}

const char *
cabine_hub_config_get_console_dir (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->console_dir;
}

const char * const *
cabine_hub_config_get_ice_servers (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return (const char * const *) self->ice_servers;
}

CabineAccounts *
cabine_hub_config_get_accounts (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->accounts;
}

guint
cabine_hub_config_get_resume_seconds (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), 0);
  return self->resume_seconds;
}

const char *
cabine_hub_config_get_database (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->database;
}

void
cabine_hub_config_set_database (CabineHubConfig *self,
                                const char      *path)
{
  g_return_if_fail (CABINE_IS_HUB_CONFIG (self));
  g_free (self->database);
  self->database = g_strdup (path);
  self->database_from_option = TRUE;
}

const char *
cabine_hub_config_get_tls_certificate (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->tls_certificate;
}

const char *
cabine_hub_config_get_tls_key (CabineHubConfig *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);
  return self->tls_key;
}

void
cabine_hub_config_set_tls (CabineHubConfig *self,
                           const char      *certificate,
                           const char      *key)
{
  g_return_if_fail (CABINE_IS_HUB_CONFIG (self));
  g_return_if_fail ((certificate == NULL) == (key == NULL));
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  self->tls_certificate = g_strdup (certificate);
  self->tls_key = g_strdup (key);
  self->tls_from_option = TRUE;
}

void
cabine_hub_config_get_turn_auth (CabineHubConfig  *self,
                                 const char      **username,
                                 const char      **credential,
                                 const char      **secret,
                                 guint            *ttl)
{
  g_return_if_fail (CABINE_IS_HUB_CONFIG (self));

  if (username != NULL)
    *username = self->turn_username;
  if (credential != NULL)
    *credential = self->turn_credential;
  if (secret != NULL)
    *secret = self->turn_secret;
  if (ttl != NULL)
    *ttl = self->turn_ttl;
}

char **
cabine_hub_config_get_warnings (CabineHubConfig *self)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  CabineAccounts *accounts;

  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), NULL);

  accounts = cabine_hub_config_get_accounts (self);
  if (cabine_accounts_get_n_kiosks (accounts) == 0)
    g_ptr_array_add (warnings, g_strdup ("the configuration has no [kiosk:ID] section: no kiosk can "
                                         "connect (add one with its token)"));
  if (cabine_accounts_get_n_physicians (accounts) == 0)
    g_ptr_array_add (warnings, g_strdup ("the configuration has no [physician:NAME] section: nobody "
                                         "can sign in to the console (add one with a password-hash "
                                         "from cabine-hub --hash-password)"));
  if (self->resume_seconds > 0 && self->resume_seconds < CABINE_HUB_CONFIG_MIN_SAFE_RESUME_SECONDS)
    g_ptr_array_add (warnings, g_strdup_printf (
      "[hub] resume-seconds=%u may end healthy calls: a peer that lost its connection comes back "
      "after retries (a kiosk in a call every 2 s at most, the console every 5 s) and a hub restart "
      "takes seconds; %u or more is advised", self->resume_seconds,
      CABINE_HUB_CONFIG_MIN_SAFE_RESUME_SECONDS));
  if (self->resume_seconds > 0 &&
      (self->database == NULL || g_str_equal (self->database, ":memory:")))
    g_ptr_array_add (warnings, g_strdup (
      "[hub] resume-seconds is set but the store is in memory (no [hub] database): a restart of "
      "the hub loses the calls in progress, which cannot be resumed; set a database to keep them"));
  g_ptr_array_add (warnings, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&warnings), FALSE);
}

/* Where a value comes from, for a message: "--database" or "hub.conf: [hub] database". */
static char *
origin (CabineHubConfig *self,
        gboolean         from_option,
        const char      *option,
        const char      *key)
{
  if (from_option)
    return g_strdup (option);
  return g_strdup_printf ("%s: [hub] %s", self->name, key);
}

gboolean
cabine_hub_config_check_environment (CabineHubConfig  *self,
                                     GError          **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* As cabine_hub_server_start() makes its listening address. */
  address = g_inet_socket_address_new_from_string (self->listen, self->port);
  if (address == NULL)
    {
      g_autofree char *where = origin (self, self->listen_from_option, "--listen", "listen");

      g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID,
                   "%s \"%s\" is not an IP address", where, self->listen);
      return FALSE;
    }
  if (self->tls_certificate != NULL)
    {
      g_autoptr(GError) tls_error = NULL;
      g_autoptr(GTlsCertificate) tls = cabine_hub_tls_load (self->tls_certificate, self->tls_key,
                                                            &tls_error);

      if (tls == NULL)
        {
          g_autofree char *where = origin (self, self->tls_from_option,
                                           "--tls-certificate, --tls-key",
                                           "tls-certificate, tls-key");

          g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID, "%s: %s",
                       where, tls_error->message);
          return FALSE;
        }
    }
  if (self->database != NULL)
    {
      g_autoptr(GError) store_error = NULL;

      if (!cabine_hub_store_sqlite_check (self->database, &store_error))
        {
          g_autofree char *where = origin (self, self->database_from_option, "--database",
                                           "database");

          /* The store's message begins with the quoted path. */
          g_set_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID, "%s %s",
                       where, store_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
