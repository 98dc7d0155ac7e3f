"""A coordinator reaches only their own municipality's report, by every
route, page and API: another municipality's report answers 403 and nothing
changes; a juror and an anonymous visitor get nothing either."""
from svodka_test import COORD_PASSWORD, check, main, run_cli

OTHER = "/campaigns/charter-2022/reports/vladivostok"


def test(srv):
    rc, _, err = run_cli("user", "add", "--login", "juror1", "--role", "juror", db=srv.db,
                         stdin="пароль члена жюри 2022\n")
    check(rc == 0, err)
    c = srv.client()
    check(c.login_api("coord", COORD_PASSWORD).status == 200, "sign-in")
    h = {"X-CSRF-Token": c.csrf}
    body = {"csrf_token": c.csrf, "version": "0", "action": "save", "contact_name": "Захватчик"}
    attempts = [
        ("GET", OTHER, None), ("POST", OTHER, body), ("GET", OTHER + "/history", None),
        ("GET", "/api/v1" + OTHER, None), ("PUT", "/api/v1" + OTHER, {"version": 0, "data": {}}),
        ("POST", "/api/v1" + OTHER + "/submit", {"version": 0}), ("GET", "/api/v1" + OTHER + "/history", None),
        ("POST", OTHER + "/return", {"csrf_token": c.csrf, "version": "0", "comment": "x"}),
        ("POST", "/campaigns/charter-2022/reports/nakhodka/accept", {"csrf_token": c.csrf, "version": "0"}),
        ("POST", "/api/v1/campaigns/charter-2022/reports/nakhodka/return", {"version": 0, "comment": "x"}),
        ("POST", "/campaigns/charter-2022/reports/nakhodka/lock-exception", {"csrf_token": c.csrf, "days": "5"}),
        ("GET", "/admin/campaigns/charter-2022/reports", None),
        ("GET", "/api/v1/campaigns/charter-2022/reports", None),
    ]
    for method, path, data in attempts:
        if data is None:
            r = c.request(method, path, headers=h)
        elif path.startswith("/api/"):
            r = c.request(method, path, headers=h, json_body=data)
        else:
            r = c.request(method, path, headers=h, form=data)
        check(r.status == 403, "%s %s: %d" % (method, path, r.status))
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a refused request stored a report")

    j = srv.client()
    check(j.login_api("juror1", "пароль члена жюри 2022").status == 200, "juror sign-in")
    for path in ["/campaigns/charter-2022/reports/nakhodka", "/api/v1/campaigns/charter-2022/reports/nakhodka"]:
        check(j.get(path).status == 403, "juror on " + path)
    anon = srv.client()
    check(anon.get("/campaigns/charter-2022/reports/nakhodka").status == 303, "anonymous page")
    check(anon.get("/api/v1/campaigns/charter-2022/reports/nakhodka").status == 401, "anonymous API")
    # Unknown campaign or municipality, and the region itself.
    check(c.get("/campaigns/no-such/reports/nakhodka").status in (403, 404), "unknown campaign")
    own = c.get("/api/v1/campaigns/charter-2022/reports/nakhodka")
    check(own.status == 200 and own.json()["report"]["status"] == "not_started", "own report reachable")


main(test)
