/* cabine-protocol.h: JSON messages shared by the kiosk, the hub and the console
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message set is documented in data/protocol.md: every message is one JSON object tagged by
 * "type"; messages about a consultation carry "sessionId".
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** Largest signalling or data-channel message accepted, in bytes (data/protocol.md, "too-large"). */
#define CABINE_PROTOCOL_MAX_MESSAGE_SIZE (256 * 1024)

/** Longest `ice` candidate accepted, in bytes: an RFC 8839 §5.1 candidate-attribute names a
 * foundation (≤ 32 characters), an address (an IPv6 address or an RFC 6762 ".local" name) and a
 * few short fields, well under 300 bytes in practice (data/protocol.md, "Signalling"). */
#define CABINE_PROTOCOL_MAX_CANDIDATE 1024

/** Longest `reason` of a `signal-refused`, in bytes (data/protocol.md, "Call set-up"): the kiosk
 * cuts its reason to this, and the hub refuses a longer one. A refused answer or candidate is
 * explained in a sentence; the bound keeps what a physician's bad messages make the kiosk send no
 * larger than what they sent. */
#define CABINE_PROTOCOL_MAX_REFUSAL_REASON 256

/**
 * CABINE_PROTOCOL_MAX_DEPTH:
 * Deepest nesting of arrays and objects accepted in JSON from the outside world
 * (data/protocol.md, "Limits"). Our own messages and records nest at most 6 levels; json-glib
 * parses recursively, so deeper input could exhaust the stack.
 */
#define CABINE_PROTOCOL_MAX_DEPTH 64

#define CABINE_PROTOCOL_ERROR (cabine_protocol_error_quark ())

/**
 * CabineProtocolError:
 * Error codes of the %CABINE_PROTOCOL_ERROR domain. Each maps to the wire code of an `error`
 * message (data/protocol.md, "Errors") through cabine_protocol_error_to_code().
 */
typedef enum {
  CABINE_PROTOCOL_ERROR_BAD_JSON,          /* "bad-json": not JSON, or not an object */
  CABINE_PROTOCOL_ERROR_MISSING_FIELD,     /* "missing-field" */
  CABINE_PROTOCOL_ERROR_BAD_FIELD,         /* "bad-field": wrong JSON type or value */
  CABINE_PROTOCOL_ERROR_UNKNOWN_TYPE,      /* "unknown-type" */
  CABINE_PROTOCOL_ERROR_NOT_AUTHENTICATED, /* "not-authenticated" */
  CABINE_PROTOCOL_ERROR_NOT_AUTHORIZED,    /* "not-authorized" */
  CABINE_PROTOCOL_ERROR_WRONG_ROLE,        /* "wrong-role" */
  CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,   /* "no-such-session" */
  CABINE_PROTOCOL_ERROR_ALREADY_TAKEN,     /* "already-taken" */
  CABINE_PROTOCOL_ERROR_TOO_LARGE,         /* "too-large" */
} CabineProtocolError;

GQuark       cabine_protocol_error_quark   (void);

/**
 * cabine_protocol_error_to_code:
 * @code: a #CabineProtocolError
 *
 * Returns: (transfer none): the wire code of @code, e.g. "bad-json".
 */
const char  *cabine_protocol_error_to_code (CabineProtocolError code);

/**
 * cabine_json_check_text:
 * @text: (array length=length): JSON text; need not be NUL-terminated
 * @length: length of @text in bytes
 * @max_depth: the deepest nesting of arrays/objects allowed (1 = a flat object)
 * @error: %CABINE_PROTOCOL_ERROR_BAD_JSON, with the byte offset, when @text is not exactly one JSON
 *   value by RFC 8259's grammar (§2–7: literals, numbers such as "1." or "01" refused, strings
 *   without raw control characters, numbers within a double's range: "1e400" is refused), nests
 *   deeper than @max_depth, or a string holds an escape
 *   §7 does not define (json-glib would take octal "\101") or an unpaired UTF-16 surrogate
 *   ("\ud800" alone), either of which json-glib turns into invalid UTF-8
 *
 * Reads @text without building anything, so that only strict JSON reaches json-glib: its parser
 * recurses once per nesting level, and its scanner is lenient (it reads "{…}{…}" as two documents,
 * keeps the last and leaks the others, and takes "111./" or "\1" outside strings).
 *
 * Returns: %TRUE when @text passes.
 */
gboolean     cabine_json_check_text       (const char  *text,
                                            gsize        length,
                                            guint        max_depth,
                                            GError     **error);

/**
 * cabine_json_parse_object:
 * @text: (array length=length): UTF-8 JSON text; need not be NUL-terminated
 * @length: length of @text in bytes
 * @max_length: the largest @length accepted, in bytes
 * @error: %CABINE_PROTOCOL_ERROR_TOO_LARGE over @max_length, %CABINE_PROTOCOL_ERROR_BAD_JSON when
 *   @text is empty, not UTF-8, not JSON, not an object, fails cabine_json_check_text() with
 *   %CABINE_PROTOCOL_MAX_DEPTH, holds a NUL character (a "\u0000" escape, which json-glib
 *   would silently truncate strings at), or holds a number out of the range of a double
 *   ("1e400", which would read as infinity)
 *
 * Parses any JSON object read from the outside world (HTTP bodies, messages).
 *
 * Returns: (transfer full) (nullable): the object, or %NULL with @error set.
 */
JsonObject  *cabine_json_parse_object      (const char  *text,
                                            gsize        length,
                                            gsize        max_length,
                                            GError     **error);

/**
 * cabine_protocol_parse:
 * @text: (array length=length): UTF-8 message text; need not be NUL-terminated
 * @length: length of @text in bytes
 * @out_type: (out) (optional) (transfer none): the message's "type", borrowed from the result
 * @error: as cabine_json_parse_object() with %CABINE_PROTOCOL_MAX_MESSAGE_SIZE,
 *   %CABINE_PROTOCOL_ERROR_MISSING_FIELD / %CABINE_PROTOCOL_ERROR_BAD_FIELD when "type" is absent or
 *   not a non-empty string.
 *
 * Parses one message and checks its "type".
 *
 * Returns: (transfer full) (nullable): the message object, or %NULL with @error set.
 */
JsonObject  *cabine_protocol_parse         (const char  *text,
                                            gsize        length,
                                            const char **out_type,
                                            GError     **error);

/**
 * cabine_protocol_serialize:
 * @msg: a message object
 *
 * Returns: (transfer full): compact JSON text of @msg.
 */
char        *cabine_protocol_serialize     (JsonObject  *msg);

/**
 * cabine_json_to_string:
 * @root: a JSON tree (not modified)
 * @pretty: whether to indent
 *
 * Like json_to_string(), but every number is written in the shortest decimal text that reads back
 * as the same double ("37.2", where json-glib writes "37.200000000000003"): FHIR decimals carry
 * their precision in their text (FHIR R4 §2.1.0.1 "decimal"), so numbers between 1e-6 and 1e21
 * are written without an exponent ("70", not "7e+01"). NaN and ±infinity, which JSON cannot
 * write, are written as null.
 *
 * Returns: (transfer full): the JSON text.
 */
char        *cabine_json_to_string         (JsonNode    *root,
                                            gboolean     pretty);

/**
 * cabine_protocol_new_message:
 * @type: the message's "type"
 * @session_id: (nullable): its "sessionId", or %NULL for none
 *
 * Returns: (transfer full): a new message object with "type" (and "sessionId") set.
 */
JsonObject  *cabine_protocol_new_message   (const char  *type,
                                            const char  *session_id);

/**
 * cabine_protocol_new_error:
 * @error: the error to report; its code is mapped to a wire code when its domain is
 *   %CABINE_PROTOCOL_ERROR, and to "bad-field" otherwise
 * @in_reply_to: (nullable): the "type" of the refused message, when known
 *
 * Returns: (transfer full): an `error` message (data/protocol.md, "Errors").
 */
JsonObject  *cabine_protocol_new_error     (const GError *error,
                                            const char   *in_reply_to);

/**
 * cabine_protocol_new_signal_refused:
 * @session_id: the call's "sessionId"
 * @in_reply_to: the "type" of the refused message: "answer" or "ice"
 * @reason: why it was refused, in English, for the physician; invalid UTF-8 is replaced, and a
 *   text over %CABINE_PROTOCOL_MAX_REFUSAL_REASON bytes is cut at a character boundary and ends
 *   with "…" so that the result fits
 * @attempt: the refused message's "attempt" (data/protocol.md, "Recovery"); 0 is not written
 *
 * The kiosk tells the physician it could not use their `answer` or `ice` (data/protocol.md,
 * "Call set-up").
 *
 * Returns: (transfer full): a `signal-refused` message.
 */
JsonObject  *cabine_protocol_new_signal_refused (const char *session_id,
                                                 const char *in_reply_to,
                                                 const char *reason,
                                                 guint       attempt);

/**
 * cabine_protocol_get_string:
 * @msg: a message object
 * @field: member name
 * @required: whether an absent member is an error
 * @error: %CABINE_PROTOCOL_ERROR_MISSING_FIELD when @required and absent,
 *   %CABINE_PROTOCOL_ERROR_BAD_FIELD when present but not a string
 *
 * Returns: (transfer none) (nullable): the string, borrowed from @msg; %NULL when absent (and not
 *   @required) or on error.
 */
const char  *cabine_protocol_get_string    (JsonObject  *msg,
                                            const char  *field,
                                            gboolean     required,
                                            GError     **error);

/**
 * cabine_protocol_get_int:
 * @msg: a message object
 * @field: member name
 * @out_value: (out): the integer value
 * @error: %CABINE_PROTOCOL_ERROR_MISSING_FIELD when absent, %CABINE_PROTOCOL_ERROR_BAD_FIELD when
 *   not an integer number
 *
 * Returns: %TRUE and sets @out_value, or %FALSE with @error set.
 */
gboolean     cabine_protocol_get_int       (JsonObject  *msg,
                                            const char  *field,
                                            gint64      *out_value,
                                            GError     **error);

G_END_DECLS
