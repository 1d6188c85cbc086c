/* cabine-window-extras.c: what sits above every page: the accessibility bar, the inactivity guard
 * ("are you still there?") and the hidden gesture that leads to the operator's PIN
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cabine-i18n.h"
#include "cabine-maintenance-page.h"
#include "cabine-pin-page.h"
#include "cabine-window-private.h"

/* Five taps in the top-left corner within three seconds open the PIN page. */
#define CORNER_TAPS 5
#define CORNER_WINDOW_US (3 * G_USEC_PER_SEC)
#define CORNER_SIZE 96

/* ---- accessibility bar -------------------------------------------------------------------- */

static void
on_large_text (GtkToggleButton *button,
               CabineWindow    *self)
{
  if (gtk_toggle_button_get_active (button))
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
}

static void
on_contrast (GtkToggleButton *button,
             CabineWindow    *self)
{
  if (gtk_toggle_button_get_active (button))
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

static void
on_voice (GtkToggleButton *button,
          CabineWindow    *self)
{
  cabine_speech_set_enabled (self->speech, gtk_toggle_button_get_active (button));
}

static GtkWidget *
bar_button (const char *glyph,
            const char *name)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (glyph);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "a11y-button");
  /* The bar must not take the focus from the page's first control. */
  gtk_widget_set_focusable (button, FALSE);
  return button;
}

void
cabine_window_retranslate_extras (CabineWindow *self)
{
  struct { GtkWidget *w; const char *text; } items[] = {
    { self->large_text, _("Larger text") },
    { self->contrast, _("High contrast") },
    { self->voice, _("Spoken instructions") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      gtk_widget_set_tooltip_text (items[i].w, items[i].text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (items[i].w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      items[i].text, -1);
    }
  gtk_label_set_label (GTK_LABEL (self->still_there_label),
                       _("Are you still there? Touch the button to continue, otherwise the screen "
                         "will be cleared for the next person."));
  gtk_button_set_label (GTK_BUTTON (self->still_there_button), _("Yes, I'm still here"));
}

/* ---- inactivity --------------------------------------------------------------------------- */

static gboolean
patient_page_shown (CabineWindow *self)
{
  CabineSessionState state = cabine_session_get_state (self->session);
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  /* In a call the patient is talking, not touching; the end page leaves by itself. */
  return state == CABINE_SESSION_STATE_INTAKE ||
         g_strcmp0 (name, "pin") == 0 || g_strcmp0 (name, "maintenance") == 0;
}

static gboolean
on_grace_over (gpointer user_data)
{
  CabineWindow *self = user_data;

  self->grace_id = 0;
  gtk_widget_set_visible (self->still_there, FALSE);
  g_message ("inactivity: back to welcome");
  if (cabine_session_get_state (self->session) == CABINE_SESSION_STATE_WELCOME)
    cabine_window_show_page (self, NULL, "welcome", NULL);
  else
    cabine_session_reset (self->session);
  return G_SOURCE_REMOVE;
}

static gboolean
on_inactive (gpointer user_data)
{
  CabineWindow *self = user_data;

  self->inactivity_id = 0;
  if (!patient_page_shown (self))
    return G_SOURCE_REMOVE;
  gtk_widget_set_visible (self->still_there, TRUE);
  gtk_widget_grab_focus (self->still_there_button);
  cabine_speech_say (self->speech, gtk_label_get_label (GTK_LABEL (self->still_there_label)),
                     cabine_i18n_get_language ());
  self->grace_id = g_timeout_add (self->grace_ms, on_grace_over, self);
  return G_SOURCE_REMOVE;
}

void
cabine_window_inactivity_restart (CabineWindow *self)
{
  g_clear_handle_id (&self->inactivity_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->still_there != NULL)
    gtk_widget_set_visible (self->still_there, FALSE);
  if (self->session != NULL && self->inactivity_ms > 0 && patient_page_shown (self))
    self->inactivity_id = g_timeout_add (self->inactivity_ms, on_inactive, self);
}

static void
on_activity (CabineWindow *self)
{
  /* Any touch or key while the question is not shown restarts the count. */
  if (self->grace_id == 0)
    cabine_window_inactivity_restart (self);
}

static gboolean
on_key_activity (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 CabineWindow          *self)
{
  on_activity (self);
  return GDK_EVENT_PROPAGATE;
}

void
cabine_window_set_inactivity_timeouts (CabineWindow *self,
                                       guint         prompt_ms,
                                       guint         grace_ms)
{
  g_return_if_fail (CABINE_IS_WINDOW (self));

  self->inactivity_ms = prompt_ms;
  self->grace_ms = MAX (grace_ms, 1);
  cabine_window_inactivity_restart (self);
}

/* ---- maintenance -------------------------------------------------------------------------- */

static void
audit (CabineWindow *self,
       const char   *event,
       const char   *detail_json)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_store_audit (cabine_session_get_store (self->session), event, detail_json, &error))
    g_warning ("cannot write the audit log: %s", error->message);
}

static void
leave_maintenance (CabineWindow *self)
{
  audit (self, "maintenance-exit", NULL);
  cabine_window_update_welcome (self);
  cabine_window_show_page (self, NULL, "welcome", NULL);
}

/* Cancel on the PIN page: back to the welcome page the operator came from (the PIN page opens
 * only there), without entering maintenance mode. */
static void
cancel_pin (CabineWindow *self)
{
  audit (self, "maintenance-pin-cancelled", NULL);
  cabine_window_update_welcome (self);
  cabine_window_show_page (self, NULL, "welcome", NULL);
}

/* The guard's failures and lockout survive a restart through the audit log: the latest of
 * "maintenance-login" (a success: nothing to restore) and "maintenance-pin-failed" (its detail
 * holds the failures in a row and, when locked, the lockout's end in Unix seconds). */
static void
restore_pin_state (CabineWindow *self)
{
  static const char * const events[] = { "maintenance-login", "maintenance-pin-failed", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *event = NULL;
  g_autofree char *detail = NULL;
  JsonNode *root;
  JsonObject *o;
  gint64 failures, until, left = 0;

  if (!cabine_store_get_last_audit (cabine_session_get_store (self->session), events, &event, &detail, &error))
    {
      g_warning ("cannot read the PIN lockout from the audit log: %s", error->message);
      return;
    }
  if (g_strcmp0 (event, "maintenance-pin-failed") != 0 || detail == NULL)
    return;
  if (!json_parser_load_from_data (parser, detail, -1, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("unreadable PIN lockout in the audit log");
      return;
    }
  o = json_node_get_object (root);
  failures = json_object_get_int_member_with_default (o, "failures", 0);
  until = json_object_get_int_member_with_default (o, "lockedUntil", 0);
  if (until > 0)
    left = until - g_get_real_time () / G_USEC_PER_SEC;
  cabine_pin_guard_restore (self->pin_guard, (guint) CLAMP (failures, 0, CABINE_PIN_MAX_FAILURES),
                            (guint) CLAMP (left, 0, CABINE_PIN_LOCKOUT_SECONDS), g_get_monotonic_time ());
  if (left > 0)
    g_message ("maintenance PIN still locked for %" G_GINT64_FORMAT " s", left);
}

static void
on_pin_entered (CabinePinPage *page,
                const char    *pin,
                CabineWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (cabine_pin_guard_check (self->pin_guard, pin, g_get_monotonic_time (), &error))
    {
      GtkWidget *maintenance = cabine_maintenance_page_new (self->session);

      cabine_maintenance_page_set_device_manager (CABINE_MAINTENANCE_PAGE (maintenance),
                                                  cabine_session_get_device_manager (self->session));

      audit (self, "maintenance-login", NULL);
      g_signal_connect_swapped (maintenance, "leave", G_CALLBACK (leave_maintenance), self);
      cabine_window_show_page (self, maintenance, "maintenance", NULL);
      return;
    }
  {
    /* The lockout's end, in wall-clock seconds, lets a restarted kiosk keep it (restore_pin_state). */
    guint locked_for = cabine_pin_guard_locked_for (self->pin_guard, g_get_monotonic_time ());
    g_autofree char *detail = NULL;

    if (locked_for > 0)
      detail = g_strdup_printf ("{\"failures\":%u,\"locked\":true,\"lockedUntil\":%" G_GINT64_FORMAT "}",
                                cabine_pin_guard_get_failures (self->pin_guard),
                                g_get_real_time () / G_USEC_PER_SEC + locked_for);
    else
      detail = g_strdup_printf ("{\"failures\":%u,\"locked\":false}",
                                cabine_pin_guard_get_failures (self->pin_guard));
    audit (self, "maintenance-pin-failed", detail);
  }
  g_message ("maintenance PIN refused: %s", error->message);
  cabine_pin_page_show_error (page, error);
}

void
cabine_window_open_pin_page (CabineWindow *self)
{
  GtkWidget *page;

  g_return_if_fail (CABINE_IS_WINDOW (self));

  if (cabine_session_get_state (self->session) != CABINE_SESSION_STATE_WELCOME)
    return;
  page = cabine_pin_page_new ();
  g_signal_connect (page, "entered", G_CALLBACK (on_pin_entered), self);
  g_signal_connect_swapped (page, "cancel", G_CALLBACK (cancel_pin), self);
  audit (self, "maintenance-gesture", NULL);
  cabine_window_show_page (self, page, "pin", NULL);
}

static void
on_corner_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CabineWindow    *self)
{
  gint64 now = g_get_monotonic_time ();

  if (now - self->corner_first_tap_us > CORNER_WINDOW_US)
    {
      self->corner_first_tap_us = now;
      self->corner_taps = 0;
    }
  if (++self->corner_taps >= CORNER_TAPS)
    {
      self->corner_taps = 0;
      self->corner_first_tap_us = 0;
      cabine_window_open_pin_page (self);
    }
}

void
cabine_window_update_welcome (CabineWindow *self)
{
  CabineWelcomeRefusal refusal = CABINE_WELCOME_OPEN;

  if (cabine_session_get_out_of_service (self->session))
    refusal = CABINE_WELCOME_OUT_OF_SERVICE;
  else if (cabine_session_cleaning_overdue (self->session))
    refusal = CABINE_WELCOME_CLEANING_DUE;
  cabine_welcome_page_set_refusing (self->welcome, refusal);
}

/* ---- set-up ------------------------------------------------------------------------------- */

void
cabine_window_extras_init (CabineWindow *self,
                           guint         inactivity_ms,
                           guint         grace_ms)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *corner_click = gtk_gesture_click_new ();
  GtkWidget *card;

  self->inactivity_ms = inactivity_ms;
  self->grace_ms = grace_ms;
  self->pin_guard = cabine_pin_guard_new (cabine_config_get_pin_hash (cabine_session_get_config (self->session)));
  restore_pin_state (self);

  /* Capture phase: seen before any page widget handles the event. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->a11y_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (self->a11y_bar, GTK_ALIGN_END);
  gtk_widget_set_valign (self->a11y_bar, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->a11y_bar, "a11y-bar");
  self->large_text = bar_button ("A+", "large-text");
  self->contrast = bar_button ("◐", "high-contrast");
  self->voice = bar_button ("", "voice");
  gtk_button_set_icon_name (GTK_BUTTON (self->voice), "audio-volume-high-symbolic");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->voice), cabine_speech_get_enabled (self->speech));
  g_signal_connect (self->large_text, "toggled", G_CALLBACK (on_large_text), self);
  g_signal_connect (self->contrast, "toggled", G_CALLBACK (on_contrast), self);
  g_signal_connect (self->voice, "toggled", G_CALLBACK (on_voice), self);
  gtk_box_append (GTK_BOX (self->a11y_bar), self->large_text);
  gtk_box_append (GTK_BOX (self->a11y_bar), self->contrast);
  gtk_box_append (GTK_BOX (self->a11y_bar), self->voice);
  gtk_overlay_add_overlay (self->overlay, self->a11y_bar);

  self->corner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_size_request (self->corner, CORNER_SIZE, CORNER_SIZE);
  gtk_widget_set_halign (self->corner, GTK_ALIGN_START);
  gtk_widget_set_valign (self->corner, GTK_ALIGN_START);
  g_signal_connect (corner_click, "pressed", G_CALLBACK (on_corner_pressed), self);
  gtk_widget_add_controller (self->corner, GTK_EVENT_CONTROLLER (corner_click));
  gtk_overlay_add_overlay (self->overlay, self->corner);

  self->still_there = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->still_there, "still-there");
  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (card, "still-there-card");
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (card, TRUE);
  self->still_there_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->still_there_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->still_there_label), 40);
  gtk_widget_add_css_class (self->still_there_label, "title-2");
  self->still_there_button = gtk_button_new_with_label ("");
  gtk_widget_add_css_class (self->still_there_button, "suggested-action");
  gtk_widget_add_css_class (self->still_there_button, "next-button");
  g_signal_connect_swapped (self->still_there_button, "clicked",
                            G_CALLBACK (cabine_window_inactivity_restart), self);
  gtk_box_append (GTK_BOX (card), self->still_there_label);
  gtk_box_append (GTK_BOX (card), self->still_there_button);
  gtk_box_append (GTK_BOX (self->still_there), card);
  gtk_widget_set_visible (self->still_there, FALSE);
  gtk_overlay_add_overlay (self->overlay, self->still_there);

  cabine_window_retranslate_extras (self);
}

void
cabine_window_extras_dispose (CabineWindow *self)
{
  g_clear_handle_id (&self->inactivity_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_object (&self->pin_guard);
}
