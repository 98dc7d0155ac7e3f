/*
 * fuzz_report: a report body as an API client could send it (JSON) goes
 * through report_validate in draft and submit mode against a small
 * campaign, and the normalized result is diffed with itself (no changes
 * expected) and with the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char campaign_json[] =
	"{\"slug\": \"f\", \"period\": {\"start\": \"2022-02-08\", \"end\": \"2022-03-08\"}, \"grace_days\": 1,"
	" \"forms\": [{\"code\": \"posts\", \"title\": \"Посты\"}, {\"code\": \"old\", \"title\": \"Старая\","
	" \"retired\": true}]}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *campaign;
	struct report_rules rules;
	json_t *in, *out = NULL, *issues = NULL, *d;
	int mode;

	if (campaign == NULL)
		campaign = json_loads(campaign_json, 0, NULL);
	if (size > 1 << 16 || (in = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL)) == NULL)
		return 0;
	for (mode = 0; mode < 2; mode++) {
		memset(&rules, 0, sizeof(rules));
		rules.mode = mode ? REPORT_SUBMIT : REPORT_DRAFT;
		rules.campaign = campaign;
		rules.today = 19100;
		(void)report_validate(in, &rules, &out, &issues);
		d = report_diff(out, out);
		if (json_array_size(d) != 0)
			abort();
		json_decref(d);
		d = report_diff(NULL, out);
		json_decref(d);
		json_decref(out);
		json_decref(issues);
		out = issues = NULL;
	}
	json_decref(in);
	return 0;
}
