"""/healthz, /metrics and the access log."""
import re

from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    r = c.get("/healthz")
    check(r.status == 200 and r.text == "ok\n", "healthz")
    c.get("/")
    c.get("/campaigns/charter-2022")
    c.get("/nope")
    c.login_api("admin", ADMIN_PASSWORD)
    r = c.get("/metrics")
    check(r.status == 200, "metrics %d" % r.status)
    m = r.text
    check(re.search(r'svodka_http_requests_total\{route="/campaigns/\{slug\}",status="200"\} 1', m),
          "route counter missing:\n" + m[:2000])
    check('status="404"' in m, "404 not counted")
    check("svodka_http_request_duration_seconds_bucket" in m and "svodka_http_request_duration_seconds_count" in m,
          "histogram missing")
    check("svodka_db_errors_total 0" in m, "db errors counter")
    log = srv.read_log()
    check(re.search(r"GET /campaigns/charter-2022 200 \d+B \d+us", log), "access log line:\n" + log[-1500:])
    check(c.cookies["svodka_session"] not in log and c.csrf not in log, "token in the log")


main(test)
