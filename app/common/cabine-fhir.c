/* cabine-fhir.c: FHIR R4 serialisation of the readings
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-fhir"

#include <math.h>

#include "cabine-fhir.h"

char *
cabine_fhir_format_datetime (GDateTime *dt)
{
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (dt, "%:z");
  int ms = g_date_time_get_microsecond (dt) / 1000;

  if (g_date_time_get_utc_offset (dt) == 0)
    return g_strdup_printf ("%s.%03dZ", base, ms);
  return g_strdup_printf ("%s.%03d%s", base, ms, zone);
}

static JsonObject *
coding_new (const char *system,
            const char *code,
            const char *display)
{
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", system);
  json_object_set_string_member (coding, "code", code);
  if (display != NULL)
    json_object_set_string_member (coding, "display", display);
  return coding;
}

static double
round_to (double value,
          int    decimals)
{
  double scale;

  if (decimals < 0 || decimals > 9)
    return value;
  scale = pow (10.0, decimals);
  return round (value * scale) / scale;
}

static JsonObject *
quantity_new (const CabineFhirObservation *obs,
              double                       value)
{
  JsonObject *quantity = json_object_new ();

  json_object_set_double_member (quantity, "value", round_to (value, obs->decimals));
  if (obs->unit_display != NULL)
    json_object_set_string_member (quantity, "unit", obs->unit_display);
  json_object_set_string_member (quantity, "system", CABINE_FHIR_SYSTEM_UCUM);
  json_object_set_string_member (quantity, "code", obs->ucum_code);
  return quantity;
}

static JsonObject *
codeable_concept_new (const char *loinc,
                      const char *display,
                      guint       mdc_code,
                      const char *mdc_name)
{
  JsonObject *code = json_object_new ();
  JsonArray *codings = json_array_new ();

  json_array_add_object_element (codings, coding_new (CABINE_FHIR_SYSTEM_LOINC, loinc, display));
  if (mdc_code != 0)
    {
      g_autofree char *mdc = g_strdup_printf ("%u", mdc_code);
      json_array_add_object_element (codings, coding_new (CABINE_FHIR_SYSTEM_MDC, mdc, mdc_name));
    }
  json_object_set_array_member (code, "coding", codings);
  if (display != NULL)
    json_object_set_string_member (code, "text", display);
  return code;
}

JsonObject *
cabine_fhir_observation_to_json (const CabineFhirObservation *obs)
{
  JsonObject *res = json_object_new ();
  JsonObject *category = json_object_new ();
  JsonArray *categories = json_array_new ();
  JsonArray *cat_codings = json_array_new ();
  g_autofree char *issued = NULL;

  g_return_val_if_fail (obs != NULL && obs->id != NULL && obs->loinc_code != NULL, res);

  json_object_set_string_member (res, "resourceType", "Observation");
  json_object_set_string_member (res, "id", obs->id);
  json_object_set_string_member (res, "status", "final");

  json_array_add_object_element (cat_codings,
                                 coding_new ("http://terminology.hl7.org/CodeSystem/observation-category",
                                             "vital-signs", "Vital Signs"));
  json_object_set_array_member (category, "coding", cat_codings);
  json_array_add_object_element (categories, category);
  json_object_set_array_member (res, "category", categories);

  json_object_set_object_member (res, "code",
                                 codeable_concept_new (obs->loinc_code, obs->display, obs->mdc_code,
                                                       obs->mdc_name));

  if (obs->effective != NULL)
    {
      g_autofree char *effective = cabine_fhir_format_datetime (obs->effective);
      json_object_set_string_member (res, "effectiveDateTime", effective);
    }
  if (obs->issued != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (obs->issued);
      issued = cabine_fhir_format_datetime (utc);
      json_object_set_string_member (res, "issued", issued);
    }

  if (obs->n_components > 0 && obs->components != NULL)
    {
      JsonArray *components = json_array_new ();

      for (guint i = 0; i < obs->n_components; i++)
        {
          const CabineFhirComponent *c = &obs->components[i];
          JsonObject *component = json_object_new ();

          json_object_set_object_member (component, "code",
                                         codeable_concept_new (c->loinc_code, c->display,
                                                               c->mdc_code, c->mdc_name));
          json_object_set_object_member (component, "valueQuantity", quantity_new (obs, c->value));
          json_array_add_object_element (components, component);
        }
      json_object_set_array_member (res, "component", components);
    }
  else
    json_object_set_object_member (res, "valueQuantity", quantity_new (obs, obs->value));

  if (obs->device_display != NULL)
    {
      JsonObject *device = json_object_new ();
      json_object_set_string_member (device, "display", obs->device_display);
      json_object_set_object_member (res, "device", device);
    }
  if (obs->session_id != NULL)
    {
      JsonObject *encounter = json_object_new ();
      JsonObject *identifier = json_object_new ();
      json_object_set_string_member (identifier, "system", "urn:cabine:session");
      json_object_set_string_member (identifier, "value", obs->session_id);
      json_object_set_object_member (encounter, "identifier", identifier);
      json_object_set_object_member (res, "encounter", encounter);
    }
  return res;
}
