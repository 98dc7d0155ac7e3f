/* campaign_ctx: a campaign's deadline instants (see campaign_ctx.h). */
#include "web/campaign_ctx.h"
#include "util/civil.h"
#include "web/web.h"

#include "domain/campaign.h"
#include "util/tz.h"

int
campaign_ctx_deadline(const json_t *campaign, struct deadline *dl, int32_t *offset)
{
	int64_t days;
	int off;

	if (civil_date_parse(web_str(campaign, "report_due") ? web_str(campaign, "report_due") : "", &days) <
		    0 ||
	    tz_offset(web_str(campaign, "time_zone") ? web_str(campaign, "time_zone") : "", days * 86400,
		      &off) < 0)
		return -1;
	*offset = off;
	return deadline_from_campaign(campaign, off, dl);
}
