/* cabine-window.c: the kiosk's full-screen window
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window follows the session's state; translated pages are built when they are shown, so
 * they come in the language the patient chose and hold nothing of an earlier patient.
 */
#define G_LOG_DOMAIN "cabine-ui"

#include "cabine-call-page.h"
#include "cabine-ui-resources.h"
#include "cabine-end-page.h"
#include "cabine-i18n.h"
#include "cabine-reason-page.h"
#include "cabine-waiting-page.h"
#include "cabine-welcome-page.h"
#include "cabine-window.h"

struct _CabineWindow
{
  GtkApplicationWindow parent_instance;

  GtkStack          *stack;
  CabineSession     *session;
  guint              end_page_seconds;
  CabineWelcomePage *welcome;
  GtkWidget         *page;          /* the translated page shown now, or NULL on welcome */
};

G_DEFINE_FINAL_TYPE (CabineWindow, cabine_window, GTK_TYPE_APPLICATION_WINDOW)

static void
show_page (CabineWindow *self,
           GtkWidget    *page,
           const char   *name)
{
  GtkWidget *old = self->page;

  if (page != NULL)
    {
      gtk_stack_add_named (self->stack, page, name);
      gtk_stack_set_visible_child (self->stack, page);
    }
  else
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->welcome));
  self->page = page;
  /* The previous page (and whatever of the patient it showed) is destroyed. */
  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  /* Keyboard users (and the e2e tests) start from the page's first control. */
  gtk_widget_grab_focus (page != NULL ? page : GTK_WIDGET (self->welcome));
}

static void
on_reason_chosen (CabineReasonPage *page,
                  const char       *reason,
                  CabineWindow     *self)
{
  cabine_session_request_consultation (self->session, cabine_i18n_get_language (), reason);
}

static void
on_reason_back (CabineReasonPage *page,
                CabineWindow     *self)
{
  show_page (self, NULL, "welcome");
}

static void
on_start (CabineWelcomePage *welcome,
          const char        *language,
          CabineWindow      *self)
{
  GtkWidget *page;

  cabine_i18n_set_language (language);
  page = cabine_reason_page_new ();
  g_signal_connect (page, "chosen", G_CALLBACK (on_reason_chosen), self);
  g_signal_connect (page, "back", G_CALLBACK (on_reason_back), self);
  show_page (self, page, "reason");
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
  if (self->page != NULL && CABINE_IS_WAITING_PAGE (self->page))
    cabine_waiting_page_update (CABINE_WAITING_PAGE (self->page),
                                cabine_session_get_queue_position (self->session), connected);
}

static void
update_call (CabineWindow *self)
{
  if (self->page != NULL && CABINE_IS_CALL_PAGE (self->page))
    cabine_call_page_set_call (CABINE_CALL_PAGE (self->page),
                               cabine_session_get_remote_paintable (self->session),
                               cabine_session_get_local_paintable (self->session),
                               cabine_session_get_physician (self->session));
}

static void
on_state_changed (CabineWindow *self)
{
  GtkWidget *page = NULL;

  switch (cabine_session_get_state (self->session))
    {
    case CABINE_SESSION_STATE_WELCOME:
      show_page (self, NULL, "welcome");
      break;
    case CABINE_SESSION_STATE_WAITING:
      page = cabine_waiting_page_new ();
      g_signal_connect (page, "cancel", G_CALLBACK (on_waiting_cancel), self);
      show_page (self, page, "waiting");
      update_waiting (self);
      break;
    case CABINE_SESSION_STATE_CALL:
      page = cabine_call_page_new (cabine_session_get_readings (self->session));
      g_signal_connect (page, "hang-up", G_CALLBACK (on_call_hang_up), self);
      show_page (self, page, "call");
      update_call (self);
      break;
    case CABINE_SESSION_STATE_ENDED:
      page = cabine_end_page_new (cabine_session_get_end_reason (self->session),
                                  cabine_session_get_readings (self->session),
                                  self->end_page_seconds);
      g_signal_connect (page, "done", G_CALLBACK (on_end_done), self);
      show_page (self, page, "end");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cabine_window_dispose (GObject *object)
{
  CabineWindow *self = CABINE_WINDOW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINE_TYPE_WINDOW);
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

  self->session = g_object_ref (session);
  self->end_page_seconds = end_page_seconds;
  g_signal_connect_swapped (session, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (session, "notify::queue-position", G_CALLBACK (update_waiting), self);
  g_signal_connect_swapped (session, "notify::hub-connected", G_CALLBACK (update_waiting), self);
  g_signal_connect_swapped (session, "notify::remote-paintable", G_CALLBACK (update_call), self);
  g_signal_connect_swapped (session, "notify::physician", G_CALLBACK (update_call), self);
  update_waiting (self);
  return self;
}

const char *
cabine_window_get_page (CabineWindow *self)
{
  g_return_val_if_fail (CABINE_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
