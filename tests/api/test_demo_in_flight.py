"""The demo as `make run` serves it: `svodka demo --clock` and `svodka serve
--clock` at 5 March 2022, 12:00 Vladivostok time, five days before the
Charter 2022 reports are due. The campaign is in flight: report pages count
the days left, not «срок истёк»; new reports are on time; the reminders
page lists who owes a report, not overdue; and the campaign's automatic
reminder five days before the due date is queued for every municipality
that owes one and has an address."""
import os
import tempfile
import time

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, Server, check, prepare_db, run_cli

CLOCK = "2022-03-05T12:00:00+10:00"


def main():
    os.makedirs(OUT, exist_ok=True)
    db = os.path.join(tempfile.mkdtemp(prefix="demo-in-flight-", dir=OUT), "svodka.db")
    prepare_db(db)
    rc, out, err = run_cli("demo", "--clock", CLOCK, db=db)
    check(rc == 0 and ", 0 late," in out, "demo: %s %s" % (out, err))
    srv = Server("demo-in-flight", db=db, args=["--clock", CLOCK])
    try:
        test(srv)
        srv.stop()
    except Exception:
        srv.proc.kill()
        raise
    print("ok test_demo_in_flight")


def test(srv):
    a = srv.client()
    check(a.login_form("admin", ADMIN_PASSWORD).status == 303, "admin sign-in")
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "admin API sign-in")
    owing = srv.sql("SELECT org_unit FROM reports WHERE status IN ('draft', 'returned') ORDER BY org_unit")
    owing = owing.split("\n")
    check(len(owing) >= 5, "drafts and returned reports: %s" % owing)

    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    for path in ["/reports", "/campaigns/charter-2022/reports/nakhodka"]:
        page = coord.get(path)
        check(page.status == 200, "%s: %d" % (path, page.status))
        check("до срока: 5 дн." in page.text and "срок истёк" not in page.text, "countdown on " + path)

    r = a.get("/api/v1/campaigns/charter-2022/reminders")
    check(r.status == 200 and r.json()["overdue"] is False, "reminders: %d %s" % (r.status, r.text[:300]))
    listed = {u["code"]: u for u in r.json()["units"]}
    for code in owing:
        check(code in listed and listed[code]["reachable"], "%s owes a report, not listed as reachable" % code)
    page = a.get("/admin/campaigns/charter-2022/reminders")
    check(page.status == 200 and "срок истёк" not in page.text and "за 5, 3 дн. до срока" in page.text,
          "reminders page: %d" % page.status)

    # The worker's first tick queues the reminder due five days before, once per address.
    want = sorted("reminder:charter-2022:%s:before:5" % c for c in owing)
    deadline = time.time() + 20
    while time.time() < deadline:
        got = srv.sql("SELECT dedup_key FROM mail_outbox WHERE kind = 'reminder' ORDER BY dedup_key").split("\n")
        if got == want:
            break
        time.sleep(0.2)
    check(got == want, "automatic reminders queued: %s, want %s" % (got, want))


main()
