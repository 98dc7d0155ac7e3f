"""Exports refused: an unknown status, kind, sheet or delimiter answers 400
naming the value; a coordinator gets 403 and an anonymous client 401 on
every export route; an unknown campaign 404; the command line exits 2 on a
usage error (bad --format, --status, --kind, --sheet, missing options) and
1 for an unknown campaign, leaving no file behind."""
import os
import tempfile

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, check, main, run_cli

ROUTES = ["/api/v1/campaigns/charter-2022/summary.xlsx", "/api/v1/campaigns/charter-2022/summary.csv",
          "/api/v1/campaigns/charter-2022/summary.json", "/admin/campaigns/charter-2022/summary.xlsx",
          "/admin/campaigns/charter-2022/summary.csv", "/admin/campaigns/charter-2022/summary.json"]


def test(srv):
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    bad = [
        ("?status=finished", "status", "finished"),
        ("?status=accepted&status=Accepted", "status", "Accepted"),
        ("?status=accepted,,bogus", "status", "bogus"),
        ("?kind=region", "kind", "region"),
        ("?kind=city", "kind", "city"),
    ]
    for route in ROUTES[:3]:
        for query, field, value in bad:
            r = admin.get(route + query)
            check(r.status == 400, "%s%s: %d" % (route, query, r.status))
            e = r.json()["error"]
            check(e["field"] == field and value in e["message"] and "Неизвестн" in e["message"],
                  "%s%s: %r" % (route, query, e))
    for query, field in [("?sheet=summary", "sheet"), ("?sheet=", "sheet"), ("?delimiter=tab", "delimiter")]:
        r = admin.get(ROUTES[1] + query)
        check(r.status == 400 and r.json()["error"]["field"] == field, "csv %s: %d" % (query, r.status))
    page = admin.get(ROUTES[4] + "?kind=nowhere")
    check(page.status == 400 and "nowhere" in page.text, "page 400: %d" % page.status)

    for route in ROUTES:
        unknown = route.replace("charter-2022", "no-such-campaign")
        r = admin.get(unknown)
        check(r.status == 404, "%s: %d" % (unknown, r.status))

    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    anon = srv.client()
    for route in ROUTES:
        r = coord.get(route)
        check(r.status == 403 and b"PK" not in r.body[:2], "coordinator on %s: %d" % (route, r.status))
        r = anon.get(route)
        check(r.status in (401, 303), "anonymous on %s: %d" % (route, r.status))

    work = tempfile.mkdtemp(prefix="export-rejected-", dir=OUT)
    out = os.path.join(work, "s.xlsx")
    usage = [
        ["--campaign", "charter-2022", "--format", "xls", "--out", out],
        ["--campaign", "charter-2022", "--format", "pdf", "--out", out],
        ["--campaign", "charter-2022", "--out", out],
        ["--format", "xlsx", "--out", out],
        ["--campaign", "charter-2022", "--format", "xlsx"],
        ["--campaign", "charter-2022", "--format", "xlsx", "--out", out, "--status", "done"],
        ["--campaign", "charter-2022", "--format", "xlsx", "--out", out, "--kind", "region"],
        ["--campaign", "charter-2022", "--format", "xlsx", "--out", out, "--sheet", "activities"],
        ["--campaign", "charter-2022", "--format", "csv", "--out", out, "--sheet", "everything"],
        ["--campaign", "charter-2022", "--format", "csv", "--out", out, "--delimiter", "tab"],
        ["--campaign", "charter-2022", "--format", "xlsx", "--out", work],
        ["--campaign", "charter-2022", "--format", "xlsx", "--out", out, "--bogus"],
    ]
    for args in usage:
        rc, _, err = run_cli("export", *args, db=srv.db)
        check(rc == 2 and err.startswith("svodka: export: ") and err.count("\n") == 1,
              "%r: %d %r" % (args, rc, err))
    rc, _, err = run_cli("export", "--campaign", "no-such", "--format", "xlsx", "--out", out, db=srv.db)
    check(rc == 1 and "no-such" in err, "unknown campaign: %d %r" % (rc, err))
    rc, _, err = run_cli("export", "--campaign", "charter-2022", "--format", "json", "--out",
                         "/nonexistent/dir/s.json", db=srv.db)
    check(rc == 1, "unwritable: %d %r" % (rc, err))
    check(os.listdir(work) == [], "files left behind: %r" % os.listdir(work))
    rc, out_text, _ = run_cli("export", "--help")
    check(rc == 0 and "--format xlsx|csv|json" in out_text, "help")


main(test)
