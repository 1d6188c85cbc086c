/* cabine-maint-network-page.c: maintenance page testing the hub's round trip and STUN/TURN
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <nice/agent.h>
#include <stun/usages/bind.h>
#include <string.h>

#include "cabine-maint-network-page.h"
#include "cabine-ui-util.h"

/* The IANA port for STUN and TURN over UDP (RFC 5389 §18.4, RFC 5766 §17). */
#define STUN_DEFAULT_PORT 3478

typedef struct {
  char    *text;   /* as configured, for messages */
  char    *host;
  guint16  port;
  char    *ip;     /* resolved */
} Server;

struct _CabineMaintNetworkPage
{
  GtkBox         parent_instance;
  CabineSession *session;
  GtkWidget     *hub_label;
  GtkWidget     *stun_label;
  GtkWidget     *turn_label;
  SoupSession   *soup;
  GCancellable  *cancellable;
  gint64         http_started_us;
  gboolean       http_done;
  gboolean       ice_done;

  Server         stun;
  Server         turn;
  char          *turn_user;      /* from the turn-server URL, else [media] turn-username */
  char          *turn_password;  /* from the turn-server URL, else [media] turn-credential */
  NiceAgent     *agent;
  guint          stream_id;
  guint          ice_timeout_id;
  gint64         ice_started_us;
  char          *srflx;
  char          *relay;
  double         srflx_ms;
  double         relay_ms;
};

G_DEFINE_FINAL_TYPE (CabineMaintNetworkPage, cabine_maint_network_page, GTK_TYPE_BOX)

static void
server_clear (Server *s)
{
  g_clear_pointer (&s->text, g_free);
  g_clear_pointer (&s->host, g_free);
  g_clear_pointer (&s->ip, g_free);
  s->port = 0;
}

/* @value as cabine_config_parse_ice_server() reads it (@scheme "stun" or "turn"): the forms the
 * configuration was checked against when the kiosk read it. Credentials in the URL are kept in
 * @user and @password (nullable). */
static gboolean
server_parse (Server      *s,
              const char  *scheme,
              const char  *value,
              char       **user,
              char       **password,
              GError     **error)
{
  server_clear (s);
  s->text = g_strdup (value);
  return cabine_config_parse_ice_server (scheme, value, STUN_DEFAULT_PORT, &s->host, &s->port, user,
                                         password, error);
}

static char *
health_url (CabineMaintNetworkPage *self,
            char                  **host)
{
  const char *ws = cabine_config_get_hub_url (cabine_session_get_config (self->session));
  g_autoptr(GUri) uri = g_uri_parse (ws, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  if (host != NULL)
    *host = g_strdup (g_uri_get_host (uri));
  return g_uri_join (G_URI_FLAGS_NONE, g_str_equal (g_uri_get_scheme (uri), "wss") ? "https" : "http",
                     NULL, g_uri_get_host (uri), g_uri_get_port (uri), "/api/health", NULL, NULL);
}

/* ---- hub round trip ----------------------------------------------------------------------- */

static void
on_ping_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  CabineMaintNetworkPage *self;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->http_done = TRUE;
  if (body == NULL)
    {
      g_message ("network test: the hub cannot be reached: %s", error->message);
      /* Translators: %s is an error message. */
      text = g_strdup_printf (_("The service cannot be reached: %s"), error->message);
    }
  else
    {
      SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
      double ms = (double) (g_get_monotonic_time () - self->http_started_us) / 1000.0;

      g_message ("network test: the hub answered (HTTP %u) in %.0f ms", soup_message_get_status (msg),
                 ms);
      /* Translators: %u is an HTTP status code, %.0f a round-trip time in milliseconds. */
      text = g_strdup_printf (_("The service answered (HTTP %u) in %.0f ms."),
                              soup_message_get_status (msg), ms);
    }
  gtk_label_set_label (GTK_LABEL (self->hub_label), text);
}

static void
start_http (CabineMaintNetworkPage *self)
{
  g_autofree char *url = health_url (self, NULL);
  g_autoptr(SoupMessage) msg = NULL;

  if (url == NULL || (msg = soup_message_new ("GET", url)) == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->hub_label), _("The service address is not valid."));
      self->http_done = TRUE;
      return;
    }
  gtk_label_set_label (GTK_LABEL (self->hub_label),
                       cabine_session_get_hub_connected (self->session)
                         ? _("Signalling connected. Measuring the round trip…")
                         : _("Signalling not connected. Measuring the round trip…"));
  self->http_started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_ping_done, self);
}

/* ---- STUN / TURN -------------------------------------------------------------------------- */

static void
on_agent_closed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_object_unref (source);
}

/* Releases the TURN allocation (a Refresh with lifetime 0, RFC 5766 §7) before the agent goes. */
static gboolean
close_later (gpointer data)
{
  nice_agent_close_async (NICE_AGENT (data), on_agent_closed, NULL);
  return G_SOURCE_REMOVE;
}

static void
stop_agent (CabineMaintNetworkPage *self)
{
  g_clear_handle_id (&self->ice_timeout_id, g_source_remove);
  if (self->agent != NULL)
    {
      NiceAgent *agent = g_steal_pointer (&self->agent);

      g_signal_handlers_disconnect_by_data (agent, self);
      /* Not from inside the agent's own signal emission. */
      g_idle_add (close_later, agent);
    }
}

static void
finish_ice (CabineMaintNetworkPage *self)
{
  g_autofree char *turn = NULL;
  guint seconds = CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS / 1000;

  stop_agent (self);
  self->ice_done = TRUE;
  if (self->turn.text == NULL)
    return;
  if (self->relay != NULL)
    /* Translators: the first %s is a server address, the second a relay address, %.0f ms. */
    turn = g_strdup_printf (_("TURN server %s granted a relay in %.0f ms: %s."),
                            self->turn.text, self->relay_ms, self->relay);
  else
    /* Translators: %s is a server address, %u a number of seconds. */
    turn = g_strdup_printf (_("TURN server %s: no relay within %u s (check its address, user name and "
                              "password)."), self->turn.text, seconds);
  gtk_label_set_label (GTK_LABEL (self->turn_label), turn);
}

static void
on_new_candidate (NiceAgent     *agent,
                  NiceCandidate *candidate,
                  gpointer       user_data)
{
  CabineMaintNetworkPage *self = user_data;
  char ip[NICE_ADDRESS_STRING_LEN];
  double ms = (double) (g_get_monotonic_time () - self->ice_started_us) / 1000.0;

  nice_address_to_string (&candidate->addr, ip);
  if (candidate->type == NICE_CANDIDATE_TYPE_RELAYED && self->relay == NULL)
    {
      self->relay = g_strdup_printf ("%s:%u", ip, nice_address_get_port (&candidate->addr));
      self->relay_ms = ms;
    }
}

static void
on_gathering_done (NiceAgent *agent,
                   guint      stream_id,
                   gpointer   user_data)
{
  finish_ice (user_data);
}

static gboolean
on_ice_timeout (gpointer user_data)
{
  CabineMaintNetworkPage *self = user_data;

  self->ice_timeout_id = 0;
  finish_ice (self);
  return G_SOURCE_REMOVE;
}

/* No peer is ever set: nothing but STUN/TURN answers (handled inside libnice) arrives. */
static void
on_agent_data (NiceAgent *agent,
               guint      stream_id,
               guint      component_id,
               guint      len,
               gchar     *buf,
               gpointer   user_data)
{
}

static void
start_gathering (CabineMaintNetworkPage *self)
{
  CabineConfig *config = cabine_session_get_config (self->session);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self->agent = nice_agent_new (context, NICE_COMPATIBILITY_RFC5245);
  if (cabine_config_get_ice_loopback (config))
    {
      NiceAddress local;

      nice_address_init (&local);
      nice_address_set_from_string (&local, "127.0.0.1");
      nice_agent_add_local_address (self->agent, &local);
    }
  self->stream_id = nice_agent_add_stream (self->agent, 1);
  nice_agent_set_relay_info (self->agent, self->stream_id, 1, self->turn.ip, self->turn.port,
                               self->turn_user != NULL ? self->turn_user
                                 : cabine_config_get_media_option (config, "turn-username", ""),
                               self->turn_password != NULL ? self->turn_password
                                 : cabine_config_get_media_option (config, "turn-credential", ""),
                               NICE_RELAY_TYPE_TURN_UDP);
  /* libnice reads its sockets (and so the servers' answers) only once a receiver is attached. */
  nice_agent_attach_recv (self->agent, self->stream_id, 1, context, on_agent_data, NULL);
  g_signal_connect (self->agent, "new-candidate-full", G_CALLBACK (on_new_candidate), self);
  g_signal_connect (self->agent, "candidate-gathering-done", G_CALLBACK (on_gathering_done), self);
  self->ice_started_us = g_get_monotonic_time ();
  self->ice_timeout_id = g_timeout_add (CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS, on_ice_timeout, self);
  if (!nice_agent_gather_candidates (self->agent, self->stream_id))
    {
      stop_agent (self);
      self->ice_done = TRUE;
      gtk_label_set_label (GTK_LABEL (self->turn_label),
                           _("The cabin has no network address to test TURN from."));
    }
}

/* ---- STUN Binding (libnice's STUN usage, RFC 5389 §7 and §15.2 XOR-MAPPED-ADDRESS) ---------- */

typedef struct {
  GSocketAddress *server;
  double          ms;
} BindJob;

static void
bind_job_free (gpointer data)
{
  BindJob *job = data;

  g_clear_object (&job->server);
  g_free (job);
}

static void
bind_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BindJob *job = task_data;
  struct sockaddr_storage server, mapped;
  socklen_t mapped_len = sizeof mapped;
  gssize server_len = g_socket_address_get_native_size (job->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  StunUsageBindReturn ret;
  gint64 start = g_get_monotonic_time ();

  if (server_len <= 0 || !g_socket_address_to_native (job->server, &server, sizeof server, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad server address");
      return;
    }
  /* Blocking: sends the Binding request and retransmits it on libnice's STUN timer (RFC 5389 §7.2.1). */
  ret = stun_usage_bind_run ((struct sockaddr *) &server, (socklen_t) server_len, &mapped, &mapped_len);
  job->ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  if (ret != STUN_USAGE_BIND_RETURN_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, ret == STUN_USAGE_BIND_RETURN_TIMEOUT ? G_IO_ERROR_TIMED_OUT
                                                                                        : G_IO_ERROR_FAILED,
                               "STUN binding failed (%d)", (int) ret);
      return;
    }
  address = g_socket_address_new_from_native (&mapped, mapped_len);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the mapped address is not IP");
      return;
    }
  {
    g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
    g_task_return_pointer (task, g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address))),
                           g_free);
  }
}

static void
on_bind_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mapped = g_task_propagate_pointer (G_TASK (result), &error);
  CabineMaintNetworkPage *self = CABINE_MAINT_NETWORK_PAGE (source);
  BindJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (mapped != NULL)
    {
      self->srflx = g_steal_pointer (&mapped);
      self->srflx_ms = job->ms;
      /* Translators: the first %s is a server address, the second the cabin's public address,
       * %.0f milliseconds. */
      text = g_strdup_printf (_("STUN server %s answered in %.0f ms: the cabin is seen as %s."),
                              self->stun.text, self->srflx_ms, self->srflx);
      g_message ("network test: STUN server %s answered in %.0f ms (mapped address %s)",
                 self->stun.text, self->srflx_ms, self->srflx);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_message ("network test: STUN server %s: no answer within %.0f s", self->stun.text,
                 job->ms / 1000.0);
      /* Translators: %s is a server address, %.0f a number of seconds. */
      text = g_strdup_printf (_("STUN server %s: no answer within %.0f s."), self->stun.text,
                              job->ms / 1000.0);
    }
  else
    {
      g_message ("network test: STUN server %s: %s", self->stun.text, error->message);
      /* Translators: the first %s is a server address, the second an error message. */
      text = g_strdup_printf (_("STUN server %s: %s"), self->stun.text, error->message);
    }
  gtk_label_set_label (GTK_LABEL (self->stun_label), text);
  if (self->turn.ip != NULL)
    start_gathering (self);
  else
    self->ice_done = TRUE;
}

static void
start_bind (CabineMaintNetworkPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_bind_done, NULL);
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (self->stun.ip);
  BindJob *job = g_new0 (BindJob, 1);

  job->server = g_inet_socket_address_new (ip, self->stun.port);
  g_task_set_task_data (task, job, bind_job_free);
  g_task_run_in_thread (task, bind_thread);
}

static void resolve_next (CabineMaintNetworkPage *self);

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  CabineMaintNetworkPage *self;
  Server *server;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  server = self->stun.ip == NULL ? &self->stun : &self->turn;
  if (addresses == NULL)
    {
      /* Translators: the first %s is a server address, the second an error message. */
      g_autofree char *text = g_strdup_printf (_("Cannot find the server %s: %s"), server->text, error->message);

      gtk_label_set_label (GTK_LABEL (server == &self->stun ? self->stun_label : self->turn_label), text);
      if (server == &self->stun)
        {
          self->ice_done = TRUE;
          return;
        }
      g_clear_pointer (&self->turn.text, g_free); /* go on with STUN alone */
      start_bind (self);
      return;
    }
  server->ip = g_inet_address_to_string (addresses->data);
  g_resolver_free_addresses (addresses);
  resolve_next (self);
}

static void
resolve_next (CabineMaintNetworkPage *self)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  Server *next = self->stun.ip == NULL ? &self->stun : self->turn.text != NULL && self->turn.ip == NULL
                                                         ? &self->turn : NULL;

  if (next == NULL)
    start_bind (self);
  else
    g_resolver_lookup_by_name_async (resolver, next->host, self->cancellable, on_resolved, self);
}

static void
start_ice (CabineMaintNetworkPage *self)
{
  CabineConfig *config = cabine_session_get_config (self->session);
  const char *stun = cabine_config_get_media_option (config, "stun-server", NULL);
  const char *turn = cabine_config_get_media_option (config, "turn-server", NULL);
  g_autofree char *hub_host = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->srflx, g_free);
  g_clear_pointer (&self->relay, g_free);
  server_clear (&self->turn);
  g_clear_pointer (&self->turn_user, g_free);
  g_clear_pointer (&self->turn_password, g_free);
  if (stun == NULL && (url = health_url (self, &hub_host)) != NULL)
    {
      /* No STUN server configured: the hub's host, on the STUN port (a coturn beside the hub). */
      server_clear (&self->stun);
      self->stun.text = g_strdup (hub_host);
      self->stun.host = g_strdup (hub_host);
      self->stun.port = STUN_DEFAULT_PORT;
      stun = hub_host;
    }
  else if (stun != NULL && !server_parse (&self->stun, "stun", stun, NULL, NULL, &error))
    stun = NULL;
  if (stun == NULL)
    {
      g_autofree char *text = NULL;

      if (error != NULL)
        /* Translators: the first %s is the configured value, the second an error message. */
        text = g_strdup_printf (_("The STUN server \"%s\" is not valid: %s"), self->stun.text,
                                error->message);
      gtk_label_set_label (GTK_LABEL (self->stun_label), text != NULL ? text : _("No STUN server is configured."));
      self->ice_done = TRUE;
      return;
    }
  g_clear_error (&error);
  if (turn == NULL)
    gtk_label_set_label (GTK_LABEL (self->turn_label), _("No TURN server is configured."));
  else if (!server_parse (&self->turn, "turn", turn, &self->turn_user, &self->turn_password, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The TURN server \"%s\" is not valid: %s"), turn, error->message);

      gtk_label_set_label (GTK_LABEL (self->turn_label), text);
      server_clear (&self->turn);
    }
  else
    gtk_label_set_label (GTK_LABEL (self->turn_label), _("Asking the TURN server for a relay…"));
  gtk_label_set_label (GTK_LABEL (self->stun_label), _("Asking the STUN server for the cabin's public address…"));
  resolve_next (self);
}

void
cabine_maint_network_page_run (CabineMaintNetworkPage *self)
{
  g_return_if_fail (CABINE_IS_MAINT_NETWORK_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_agent (self);
  self->cancellable = g_cancellable_new ();
  self->http_done = self->ice_done = FALSE;
  start_http (self);
  start_ice (self);
}

gboolean
cabine_maint_network_page_is_done (CabineMaintNetworkPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_NETWORK_PAGE (self), FALSE);
  return self->http_done && self->ice_done;
}

const char *
cabine_maint_network_page_get_srflx (CabineMaintNetworkPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_NETWORK_PAGE (self), NULL);
  return self->srflx;
}

const char *
cabine_maint_network_page_get_relay (CabineMaintNetworkPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_NETWORK_PAGE (self), NULL);
  return self->relay;
}

static void
cabine_maint_network_page_dispose (GObject *object)
{
  CabineMaintNetworkPage *self = CABINE_MAINT_NETWORK_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_agent (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cabine_maint_network_page_parent_class)->dispose (object);
}

static void
cabine_maint_network_page_finalize (GObject *object)
{
  CabineMaintNetworkPage *self = CABINE_MAINT_NETWORK_PAGE (object);

  server_clear (&self->stun);
  server_clear (&self->turn);
  g_free (self->turn_user);
  g_free (self->turn_password);
  g_free (self->srflx);
  g_free (self->relay);
  G_OBJECT_CLASS (cabine_maint_network_page_parent_class)->finalize (object);
}

static void
cabine_maint_network_page_class_init (CabineMaintNetworkPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_maint_network_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = cabine_maint_network_page_finalize;
}

static void
cabine_maint_network_page_init (CabineMaintNetworkPage *self)
{
  self->soup = soup_session_new_with_options ("timeout", 5, NULL);
  self->cancellable = g_cancellable_new ();
  self->http_done = self->ice_done = TRUE;
}

GtkWidget *
cabine_maint_network_page_new (CabineSession *session)
{
  CabineMaintNetworkPage *self = g_object_new (CABINE_TYPE_MAINT_NETWORK_PAGE,
                                               "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16, NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Test the connection"));
  const char *hub_ca;

  g_return_val_if_fail (CABINE_IS_SESSION (session), NULL);
  hub_ca = cabine_config_get_hub_ca (cabine_session_get_config (session));

  self->session = g_object_ref (session);
  /* The round trip goes to the hub the kiosk signals with: over TLS, it trusts the same CA as the
   * kiosk's signalling ([kiosk] hub-ca), else the system's. */
  if (hub_ca != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (hub_ca, &error);

      if (db != NULL)
        soup_session_set_tls_database (self->soup, db);
      else
        g_warning ("network test: cannot read [kiosk] hub-ca %s: %s", hub_ca, error->message);
    }
  gtk_widget_set_margin_start (GTK_WIDGET (self), 32);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 32);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Network"), "title-2"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Service"), "heading"));
  self->hub_label = cabine_ui_label (cabine_session_get_hub_connected (session) ? _("Signalling connected.")
                                                                                : _("Signalling not connected."),
                                     "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->hub_label);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Video relay (STUN and TURN)"), "heading"));
  self->stun_label = cabine_ui_label (_("Not tested yet."), "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->stun_label);
  self->turn_label = cabine_ui_label ("", "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->turn_label);
  gtk_widget_set_name (button, "network-test");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "secondary-button");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (cabine_maint_network_page_run), self);
  gtk_box_append (GTK_BOX (self), button);
  /* Opening the page runs the tests: the operator came for their result. */
  g_signal_connect (self, "map", G_CALLBACK (cabine_maint_network_page_run), NULL);
  return GTK_WIDGET (self);
}
