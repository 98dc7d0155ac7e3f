/*
 * jury: the contest jury's room. Until the contest is built there is nothing
 * for a juror to score, so the page says plainly that the jury's work will
 * appear here, and a juror's menu and "my reports" lead nowhere else. The
 * API twin answers the same model as JSON.
 */
#include "web/web.h"

/* GET /jury, GET /api/v1/jury: 200 for a juror (the route admits no one else). */
void
jury_home(struct http_request *req, struct http_response *resp)
{
	json_t *m = web_pack("{s:s, s:[]}", "title", "Работа жюри", "entries");

	web_no_store(req, resp);
	web_respond(req, resp, "jury", m);
}
