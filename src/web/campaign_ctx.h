/*
 * campaign_ctx: a campaign's deadline instants in its own time zone, for
 * the handlers that look at a whole campaign (reports, dashboard,
 * reminders, outbox). Not pure: the zone's offset comes from the system's
 * tzdata (util/tz.h); the rules themselves are domain/deadline.h's. Which
 * org units must report is domain/reporting.h's.
 */
#ifndef SVODKA_WEB_CAMPAIGN_CTX_H
#define SVODKA_WEB_CAMPAIGN_CTX_H

#include <stdint.h>

#include <jansson.h>

#include "domain/deadline.h"

/*
 * The campaign's deadline instants and the UTC offset of its zone on the
 * due date: 0, or -1 when the zone or dates are unusable.
 */
__attribute__((warn_unused_result)) int campaign_ctx_deadline(const json_t *campaign, struct deadline *dl,
							      int32_t *offset);

#endif
