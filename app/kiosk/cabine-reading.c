/* cabine-reading.c: one reading as the kiosk shows it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-reading"

#include <string.h>

#include <glib/gi18n.h>

#include "cabine-reading.h"

struct _CabineReading
{
  GObject    parent_instance;
  char      *id;
  char      *loinc;
  double     value;
  int        decimals;
  char      *ucum;
  char      *unit_display;
  GDateTime *time;
  double     components[3];
  guint      n_components;
};

G_DEFINE_FINAL_TYPE (CabineReading, cabine_reading, G_TYPE_OBJECT)

static void
cabine_reading_finalize (GObject *object)
{
  CabineReading *self = CABINE_READING (object);

  g_free (self->id);
  g_free (self->loinc);
  g_free (self->ucum);
  g_free (self->unit_display);
  g_clear_pointer (&self->time, g_date_time_unref);
  G_OBJECT_CLASS (cabine_reading_parent_class)->finalize (object);
}

static void
cabine_reading_class_init (CabineReadingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_reading_finalize;
}

static void
cabine_reading_init (CabineReading *self)
{
}

CabineReading *
cabine_reading_new (const char *id,
                    const char *loinc,
                    double      value,
                    int         decimals,
                    const char *ucum,
                    const char *unit_display,
                    GDateTime  *time)
{
  CabineReading *self = g_object_new (CABINE_TYPE_READING, NULL);

  self->id = g_strdup (id);
  self->loinc = g_strdup (loinc);
  self->value = value;
  self->decimals = CLAMP (decimals, 0, 6);
  self->ucum = g_strdup (ucum);
  self->unit_display = g_strdup (unit_display);
  self->time = g_date_time_ref (time);
  return self;
}

const char *
cabine_reading_get_id (CabineReading *self)
{
  return self->id;
}

const char *
cabine_reading_get_loinc (CabineReading *self)
{
  return self->loinc;
}

double
cabine_reading_get_value (CabineReading *self)
{
  return self->value;
}

GDateTime *
cabine_reading_get_time (CabineReading *self)
{
  return self->time;
}

void
cabine_reading_set_components (CabineReading *self,
                               const double  *values,
                               guint          n_values)
{
  g_return_if_fail (CABINE_IS_READING (self));
  self->n_components = MIN (n_values, G_N_ELEMENTS (self->components));
  for (guint i = 0; i < self->n_components; i++)
    self->components[i] = values[i];
}

char *
cabine_reading_format_value (CabineReading *self)
{
  if (g_strcmp0 (self->loinc, "85354-9") == 0 && self->n_components >= 2)
    return g_strdup_printf ("%.0f/%.0f %s", self->components[0], self->components[1],
                            self->unit_display != NULL ? self->unit_display : self->ucum);

  {
    /* The process runs in a C.UTF-8 numeric locale; the patient's language gives the decimal
     * mark: "37,2 °C" in French, "37.2 °C" in English. */
    g_autofree char *number = g_strdup_printf ("%.*f", self->decimals, self->value);
    /* Translators: the decimal mark of numbers shown to the patient ("," in French). */
    const char *mark = C_("decimal mark", ".");
    char *dot = strchr (number, '.');

    if (dot != NULL && g_strcmp0 (mark, ".") != 0)
      {
        g_autofree char *whole = g_strndup (number, (gsize) (dot - number));
        char *marked = g_strconcat (whole, mark, dot + 1, NULL);

        g_free (number);
        number = marked;
      }
    return g_strdup_printf ("%s %s", number,
                            self->unit_display != NULL ? self->unit_display : self->ucum);
  }
}

char *
cabine_reading_dup_label (CabineReading *self)
{
  static const struct { const char *loinc; const char *label; } labels[] = {
    { "8310-5", N_("Body temperature") },
    { "85354-9", N_("Blood pressure") },
    { "8867-4", N_("Heart rate") },
    { "59408-5", N_("Oxygen saturation") },
    { "29463-7", N_("Body weight") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].loinc, self->loinc) == 0)
      return g_strdup (_(labels[i].label));
  return g_strdup (_("Measurement"));
}
