/* cabine-hub-throttle.h: sign-in throttling by (username, client address) and by address
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guesser is slowed down without letting anyone lock a physician out: the lock applies to the
 * pair (username, client address), so the physician signing in from their own machine is not
 * refused because someone elsewhere typed wrong passwords for their name. One address trying
 * many usernames is held back by a wider per-address limit. Times are monotonic (main thread).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** Wrong passwords for one (username, address) within the window that lock that pair. */
#define CABINE_HUB_THROTTLE_PAIR_FAILURES    5
/** Wrong passwords from one address, any usernames, within the window that lock that address. */
#define CABINE_HUB_THROTTLE_ADDRESS_FAILURES 20
/** The window failures are counted in, in seconds. */
#define CABINE_HUB_THROTTLE_WINDOW_S         300
/** How long a lock lasts, in seconds. */
#define CABINE_HUB_THROTTLE_LOCK_S           60

typedef struct _CabineHubThrottle CabineHubThrottle;

/**
 * cabine_hub_throttle_new:
 *
 * Returns: (transfer full): an empty throttle; free with cabine_hub_throttle_free().
 */
CabineHubThrottle *cabine_hub_throttle_new       (void);
void               cabine_hub_throttle_free      (CabineHubThrottle *self);

/**
 * cabine_hub_throttle_locked_for:
 * @username: the username tried
 * @address: (nullable): the client's address as text; %NULL counts as one unknown address
 *
 * Returns: seconds (rounded up) before @username may be tried again from @address, 0 when it may
 *   be tried now.
 */
guint              cabine_hub_throttle_locked_for (CabineHubThrottle *self,
                                                   const char        *username,
                                                   const char        *address);

/**
 * cabine_hub_throttle_record:
 * @username: the username tried
 * @address: (nullable): the client's address as text
 * @success: whether the password was right (clears the pair's failures, not the address's)
 */
void               cabine_hub_throttle_record     (CabineHubThrottle *self,
                                                   const char        *username,
                                                   const char        *address,
                                                   gboolean           success);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabineHubThrottle, cabine_hub_throttle_free)

G_END_DECLS
