/* session-fixture.h: a CabineAgentSession wired to arrays, for the manager tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "cabine-11073-manager.h"
#include "cabine-apdu.h"
#include "cabine-11073-config.h"
#include "vectors.h"

typedef struct {
  CabineAgentSession *session;
  GPtrArray *sent;          /* GBytes the manager sent */
  GPtrArray *measurements;  /* CabineMeasurement */
  guint aborted;
} SessionFixture;

static const guint8 fixture_manager_id[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };

static void
fixture_on_send (CabineAgentSession *s, GBytes *b, SessionFixture *f)
{
  g_ptr_array_add (f->sent, g_bytes_ref (b));
}

static void
fixture_on_measurement (CabineAgentSession *s, CabineMeasurement *m, SessionFixture *f)
{
  g_ptr_array_add (f->measurements, g_object_ref (m));
}

static void
fixture_on_aborted (CabineAgentSession *s, const GError *e, SessionFixture *f)
{
  f->aborted++;
}

static inline void
fixture_setup (SessionFixture *f, gconstpointer data)
{
  cabine_11073_config_forget_all ();  /* the remembered configurations are per process */
  f->session = cabine_agent_session_new (fixture_manager_id);
  cabine_agent_session_set_source (f->session, "usb-phdc", 0x1234, 0x5678);
  f->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->session, "send-apdu", G_CALLBACK (fixture_on_send), f);
  g_signal_connect (f->session, "measurement", G_CALLBACK (fixture_on_measurement), f);
  g_signal_connect (f->session, "aborted", G_CALLBACK (fixture_on_aborted), f);
}

static inline void
fixture_teardown (SessionFixture *f, gconstpointer data)
{
  g_object_unref (f->session);
  g_ptr_array_unref (f->sent);
  g_ptr_array_unref (f->measurements);
}

static inline void
fixture_feed (SessionFixture *f, const guint8 *d, gsize len, gboolean expect_ok)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = cabine_agent_session_receive (f->session, d, len, &error);

  if (expect_ok)
    g_assert_no_error (error);
  g_assert_true (ok == expect_ok);
}

static inline void
fixture_feed_vector (SessionFixture *f, const char *name)
{
  g_autoptr(GBytes) b = load_vector (name);
  fixture_feed (f, g_bytes_get_data (b, NULL), g_bytes_get_size (b), TRUE);
}

/* The last APDU the manager sent, decoded. (transfer full) */
static inline CabineApdu *
fixture_last_sent (SessionFixture *f)
{
  g_autoptr(GError) error = NULL;
  GBytes *b;
  CabineApdu *apdu;

  g_assert_cmpuint (f->sent->len, >, 0);
  b = g_ptr_array_index (f->sent, f->sent->len - 1);
  apdu = cabine_apdu_decode (g_bytes_get_data (b, NULL), g_bytes_get_size (b), &error);
  g_assert_no_error (error);
  return apdu;
}

/* An AARQ like the thermometer's of test-agent-session.c (20601 A.8) for @config_id and a
 * system-id ending in @tag: bytes 44..45 are the dev-config-id, 43 the last system-id byte. */
static inline GBytes *
fixture_aarq (guint16 config_id, guint8 tag)
{
  static const guint8 aarq[] = {
    0xE2, 0x00, 0x00, 0x32,             /* AARQ, length 50 */
    0x80, 0x00, 0x00, 0x00,             /* assoc-version1 */
    0x00, 0x01, 0x00, 0x2A,             /* data-proto-list: 1 entry, 42 bytes */
    0x50, 0x79,                         /* data-proto-id 20601 */
    0x00, 0x26,                         /* data-proto-info: 38 bytes */
    0x80, 0x00, 0x00, 0x00,             /* protocol-version1 */
    0x80, 0x00,                         /* encoding-rules: MDER */
    0x80, 0x00, 0x00, 0x00,             /* nomenclature-version1 */
    0x00, 0x00, 0x00, 0x00,             /* functional-units */
    0x00, 0x80, 0x00, 0x00,             /* system-type: sys-type-agent */
    0x00, 0x08, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x00, /* system-id, 8 bytes */
    0x00, 0x00,                         /* dev-config-id (patched) */
    0x00, 0x01,                         /* data-req-mode-flags */
    0x01, 0x00,                         /* data-req-init-agent-count 1, -manager-count 0 */
    0x00, 0x00, 0x00, 0x00,             /* option-list: 0 entries, 0 bytes */
  };
  guint8 *d = g_memdup2 (aarq, sizeof aarq);

  d[43] = tag;
  d[44] = config_id >> 8;
  d[45] = config_id & 0xFF;
  return g_bytes_new_take (d, sizeof aarq);
}

static inline void
fixture_associate (SessionFixture *f, guint16 config_id, guint8 tag)
{
  g_autoptr(GBytes) aarq = fixture_aarq (config_id, tag);

  fixture_feed (f, g_bytes_get_data (aarq, NULL), g_bytes_get_size (aarq), TRUE);
}
