/* cabine-hub-refuse.c: refusing a request before libsoup reads its body
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cabine-hub-refuse.h"
#include "cabine-protocol.h"

typedef struct {
  GIOStream *stream;
  GCancellable *cancellable;
  guint timeout_id;
  gsize drained;
} Refusal;

static void
refusal_free (Refusal *r)
{
  g_clear_handle_id (&r->timeout_id, g_source_remove);
  g_clear_object (&r->cancellable);
  g_clear_object (&r->stream);
  g_free (r);
}

static void
closed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
}

static void
refusal_finish (Refusal *r)
{
  /* not cancellable: the close must happen even after the drain was cut short */
  g_io_stream_close_async (r->stream, G_PRIORITY_DEFAULT, NULL, closed, NULL);
  refusal_free (r);
}

static gboolean
drain_timeout (gpointer user_data)
{
  Refusal *r = user_data;

  r->timeout_id = 0;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Refusal *r = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      refusal_finish (r);
      return;
    }
  r->drained += g_bytes_get_size (bytes);
  if (r->drained >= CABINE_HUB_REFUSE_DRAIN_MAX)
    {
      refusal_finish (r);
      return;
    }
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (r->stream), 16 * 1024,
                                   G_PRIORITY_DEFAULT, r->cancellable, drained, r);
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Refusal *r = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_debug ("refusal not sent: %s", error->message);
      refusal_finish (r);
      return;
    }
  /* The client now has the answer: wait (briefly, boundedly) for it to stop sending and close. */
  r->timeout_id = g_timeout_add (CABINE_HUB_REFUSE_DRAIN_MS, drain_timeout, r);
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (r->stream), 16 * 1024,
                                   G_PRIORITY_DEFAULT, r->cancellable, drained, r);
}

void
cabine_hub_refuse_unread (SoupServerMessage *msg,
                          guint              status,
                          const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) response = NULL;
  GIOStream *stream;
  Refusal *r;
  gsize length;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (message != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = cabine_json_to_string (root, FALSE);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      /* Not an HTTP/1 connection libsoup can hand over: at least do not keep the body. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }
  text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "Cache-Control: no-store\r\n"
                          "X-Content-Type-Options: nosniff\r\n"
                          "\r\n%s",
                          status, soup_status_get_phrase (status), strlen (body), body);
  length = strlen (text);
  response = g_bytes_new_take (g_steal_pointer (&text), length);

  r = g_new0 (Refusal, 1);
  r->stream = stream;
  r->cancellable = g_cancellable_new ();
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (response, NULL), length, G_PRIORITY_DEFAULT,
                                   r->cancellable, written, r);
  /* the buffer must outlive the write */
  g_object_set_data_full (G_OBJECT (stream), "cabine-refusal", g_steal_pointer (&response),
                          (GDestroyNotify) g_bytes_unref);
}
