/* cabine-window.c: the kiosk's full-screen window
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window follows the session's state; translated pages are built when they are shown, so
 * they come in the language the patient chose and hold nothing of an earlier patient. During the
 * INTAKE state the window walks the patient through identity → consent → reason → questionnaire →
 * pre-call check. The accessibility bar, the inactivity guard and the hidden maintenance gesture
 * sit above every page (cabine-window-extras.c).
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-call-page.h"
#include "cabine-consent-page.h"
#include "cabine-end-page.h"
#include "cabine-i18n.h"
#include "cabine-identity-page.h"
#include "cabine-osk.h"
#include "cabine-precall-page.h"
#include "cabine-questionnaire-page.h"
#include "cabine-reason-page.h"
#include "cabine-ui-resources.h"
#include "cabine-ui-util.h"
#include "cabine-waiting-page.h"
#include "cabine-welcome-page.h"
#include "cabine-window-private.h"

G_DEFINE_FINAL_TYPE (CabineWindow, cabine_window, GTK_TYPE_APPLICATION_WINDOW)

void
cabine_window_show_page (CabineWindow *self,
                         GtkWidget    *page,
                         const char   *name,
                         const char   *prompt)
{
  GtkWidget *old = self->page;
  GtkWidget *old_holder = self->holder;

  self->holder = NULL;
  if (page != NULL)
    {
      /* Large text may make a page taller than the screen: it scrolls rather than overflows. */
      self->holder = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->holder), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->holder), FALSE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->holder), page);
      gtk_stack_add_named (self->stack, self->holder, name);
      gtk_stack_set_visible_child (self->stack, self->holder);
    }
  else
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->welcome));
  self->page = page;
  /* The previous page (and whatever of the patient it showed) is wiped and destroyed. */
  if (old != NULL)
    {
      cabine_ui_wipe_entries (old);
      gtk_stack_remove (self->stack, old_holder);
    }
  g_message ("page %s", name);
  /* Keyboard users (and the e2e tests) start from the page's first control. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_child_focus (page != NULL ? page : GTK_WIDGET (self->welcome), GTK_DIR_TAB_FORWARD);
  cabine_window_inactivity_restart (self);
  if (prompt != NULL)
    cabine_speech_say (self->speech, prompt, cabine_i18n_get_language ());
}

static gboolean
show_keyboard (CabineWindow *self)
{
  /* CABINE_OSK=1 (or 0) forces the on-screen keyboard on (or off): tests, demos, odd hardware. */
  const char *forced = g_getenv ("CABINE_OSK");

  if (forced != NULL && (g_str_equal (forced, "1") || g_str_equal (forced, "0")))
    return g_str_equal (forced, "1");
  return !cabine_osk_physical_keyboard_present (gtk_widget_get_display (GTK_WIDGET (self)));
}

static void show_identity (CabineWindow *self);
static void show_reason (CabineWindow *self);
static void show_questionnaire (CabineWindow *self);

static void
leave_journey (CabineWindow *self)
{
  cabine_session_cancel (self->session);
}

static void
on_precall_done (CabinePrecallPage *page,
                 CabineWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_session_request_consultation (self->session, self->reason, self->answers, &error))
    {
      g_warning ("cannot join the queue (%s)", g_quark_to_string (error->domain));
      cabine_session_cancel (self->session);
    }
}

static void
show_precall (CabineWindow *self)
{
  GtkWidget *page = cabine_precall_page_new (cabine_session_get_config (self->session),
                                             cabine_session_get_hub_connected (self->session));

  g_signal_connect (page, "done", G_CALLBACK (on_precall_done), self);
  g_signal_connect_swapped (page, "back", G_CALLBACK (show_questionnaire), self);
  cabine_window_show_page (self, page, "precall", _("Let's check the cabin"));
  cabine_precall_page_focus_continue (CABINE_PRECALL_PAGE (page));
}

static void
on_questionnaire_done (CabineQuestionnairePage *page,
                       CabineQuestionnaire     *answers,
                       CabineWindow            *self)
{
  g_set_object (&self->answers, answers);
  show_precall (self);
}

static void
show_questionnaire (CabineWindow *self)
{
  const char *sex = cabine_patient_get_sex (cabine_session_get_patient (self->session));
  GtkWidget *page = cabine_questionnaire_page_new (g_strcmp0 (sex, "male") != 0, show_keyboard (self));

  g_signal_connect (page, "done", G_CALLBACK (on_questionnaire_done), self);
  g_signal_connect_swapped (page, "back", G_CALLBACK (show_reason), self);
  cabine_window_show_page (self, page, "questionnaire", _("A few questions for the doctor"));
}

static void
on_reason_chosen (CabineReasonPage *page,
                  const char       *reason,
                  CabineWindow     *self)
{
  g_free (self->reason);
  self->reason = g_strdup (reason);
  show_questionnaire (self);
}

static void
show_reason (CabineWindow *self)
{
  GtkWidget *page = cabine_reason_page_new ();

  g_signal_connect (page, "chosen", G_CALLBACK (on_reason_chosen), self);
  g_signal_connect_swapped (page, "back", G_CALLBACK (leave_journey), self);
  cabine_window_show_page (self, page, "reason", _("Why have you come today?"));
}

static void
on_consent_accepted (CabineConsentPage *page,
                     CabineWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_session_accept_consent (self->session, CABINE_CONSENT_VERSION, &error))
    {
      g_warning ("cannot keep the consent (%s)", g_quark_to_string (error->domain));
      cabine_session_cancel (self->session);
      return;
    }
  show_reason (self);
}

static void
show_consent (CabineWindow *self)
{
  GtkWidget *page = cabine_consent_page_new ();

  g_signal_connect (page, "accepted", G_CALLBACK (on_consent_accepted), self);
  g_signal_connect_swapped (page, "refused", G_CALLBACK (leave_journey), self);
  cabine_window_show_page (self, page, "consent", _("Before we start"));
}

static void
show_identity (CabineWindow *self)
{
  GtkWidget *page = cabine_identity_page_new (self->session, show_keyboard (self));

  g_signal_connect_swapped (page, "done", G_CALLBACK (show_consent), self);
  g_signal_connect_swapped (page, "back", G_CALLBACK (leave_journey), self);
  cabine_window_show_page (self, page, "identity", _("Who are you?"));
}

static void
on_start (CabineWelcomePage *welcome,
          const char        *language,
          CabineWindow      *self)
{
  g_autoptr(GError) error = NULL;

  cabine_i18n_set_language (language);
  cabine_window_retranslate_extras (self);
  if (!cabine_session_begin (self->session, language, &error))
    {
      g_warning ("cannot start a consultation: %s", error->message);
      cabine_window_update_welcome (self);
    }
}

static void
on_waiting_cancel (CabineWaitingPage *page,
                   CabineWindow      *self)
{
  cabine_session_cancel (self->session);
}

static void
on_call_hang_up (CabineCallPage *page,
                 CabineWindow   *self)
{
  cabine_session_hang_up (self->session);
}

static void
on_end_done (CabineEndPage *page,
             CabineWindow  *self)
{
  cabine_session_reset (self->session);
}

static void
update_waiting (CabineWindow *self)
{
  gboolean connected = cabine_session_get_hub_connected (self->session);

  cabine_welcome_page_set_hub_connected (self->welcome, connected);
  cabine_window_update_welcome (self);
  if (self->page != NULL && CABINE_IS_WAITING_PAGE (self->page))
    cabine_waiting_page_update (CABINE_WAITING_PAGE (self->page),
                                cabine_session_get_queue_position (self->session), connected,
                                cabine_session_get_estimated_wait (self->session));
  if (self->page != NULL && CABINE_IS_PRECALL_PAGE (self->page))
    cabine_precall_page_set_hub_connected (CABINE_PRECALL_PAGE (self->page), connected);
}

static void
update_call (CabineWindow *self)
{
  if (self->page != NULL && CABINE_IS_CALL_PAGE (self->page))
    cabine_call_page_set_call (CABINE_CALL_PAGE (self->page),
                               cabine_session_get_remote_paintable (self->session),
                               cabine_session_get_local_paintable (self->session),
                               cabine_session_get_physician (self->session));
  if (self->page != NULL && CABINE_IS_CALL_PAGE (self->page))
    cabine_call_page_set_notice (CABINE_CALL_PAGE (self->page),
                                 cabine_session_get_call_notice (self->session));
}

static void
forget_journey (CabineWindow *self)
{
  g_clear_pointer (&self->reason, g_free);
  if (self->answers != NULL)
    cabine_questionnaire_clear (self->answers);
  g_clear_object (&self->answers);
}

static void
on_state_changed (CabineWindow *self)
{
  GtkWidget *page = NULL;

  switch (cabine_session_get_state (self->session))
    {
    case CABINE_SESSION_STATE_WELCOME:
      forget_journey (self);
      cabine_window_update_welcome (self);
      cabine_window_show_page (self, NULL, "welcome", NULL);
      break;
    case CABINE_SESSION_STATE_INTAKE:
      show_identity (self);
      break;
    case CABINE_SESSION_STATE_WAITING:
      forget_journey (self);
      page = cabine_waiting_page_new ();
      g_signal_connect (page, "cancel", G_CALLBACK (on_waiting_cancel), self);
      cabine_window_show_page (self, page, "waiting", _("A doctor will see you shortly"));
      update_waiting (self);
      break;
    case CABINE_SESSION_STATE_CALL:
      page = cabine_call_page_new (cabine_session_get_readings (self->session));
      cabine_call_page_set_remote (CABINE_CALL_PAGE (page), cabine_session_get_remote (self->session));
      g_signal_connect (page, "hang-up", G_CALLBACK (on_call_hang_up), self);
      cabine_window_show_page (self, page, "call", NULL);
      update_call (self);
      break;
    case CABINE_SESSION_STATE_ENDED:
      page = cabine_end_page_new (cabine_session_get_end_reason (self->session),
                                  cabine_session_get_readings (self->session),
                                  cabine_patient_get_contact (cabine_session_get_patient (self->session)),
                                  self->end_page_seconds);
      g_signal_connect (page, "done", G_CALLBACK (on_end_done), self);
      cabine_window_show_page (self, page, "end", _("The consultation has ended"));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cabine_window_dispose (GObject *object)
{
  CabineWindow *self = CABINE_WINDOW (object);

  cabine_window_extras_dispose (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  forget_journey (self);
  g_clear_object (&self->session);
  g_clear_object (&self->speech);
  /* GtkWindow's dispose unparents the template's only child (the overlay, holding the stack);
   * gtk_widget_dispose_template() would unparent it a second time. */
  self->stack = NULL;
  self->overlay = NULL;
  G_OBJECT_CLASS (cabine_window_parent_class)->dispose (object);
}

static void
cabine_window_class_init (CabineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cabine_window_dispose;
  /* Referencing the resource keeps it (and its registering constructor) in the static link. */
  (void) cabine_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CabineWindow, overlay);
}

static void
cabine_window_init (CabineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->welcome = CABINE_WELCOME_PAGE (cabine_welcome_page_new ());
  g_signal_connect (self->welcome, "start", G_CALLBACK (on_start), self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->welcome), "welcome");
}

CabineWindow *
cabine_window_new (GtkApplication *app,
                   CabineSession  *session,
                   guint           end_page_seconds)
{
  CabineWindow *self = g_object_new (CABINE_TYPE_WINDOW, "application", app, NULL);
  CabineConfig *config = cabine_session_get_config (session);

  self->session = g_object_ref (session);
  self->end_page_seconds = end_page_seconds;
  self->speech = cabine_speech_new (cabine_config_get_spoken_prompts (config));
  cabine_window_extras_init (self, cabine_config_get_inactivity_seconds (config) * 1000, 20 * 1000);
  g_signal_connect_swapped (session, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (session, "notify::queue-position", G_CALLBACK (update_waiting), self);
  g_signal_connect_swapped (session, "notify::estimated-wait", G_CALLBACK (update_waiting), self);
  g_signal_connect_swapped (session, "notify::hub-connected", G_CALLBACK (update_waiting), self);
  g_signal_connect_swapped (session, "notify::remote-paintable", G_CALLBACK (update_call), self);
  g_signal_connect_swapped (session, "notify::physician", G_CALLBACK (update_call), self);
  g_signal_connect_swapped (session, "notify::call-notice", G_CALLBACK (update_call), self);
  update_waiting (self);
  cabine_window_update_welcome (self);
  return self;
}

const char *
cabine_window_get_page (CabineWindow *self)
{
  g_return_val_if_fail (CABINE_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
cabine_window_get_page_widget (CabineWindow *self)
{
  g_return_val_if_fail (CABINE_IS_WINDOW (self), NULL);
  return self->page != NULL ? self->page : GTK_WIDGET (self->welcome);
}
