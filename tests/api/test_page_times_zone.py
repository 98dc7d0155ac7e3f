"""Pages show instants in the campaign's zone with the zone named, never in
the server's TZ: the server runs with TZ=America/New_York on a clock started
at 5 March 2022, 12:00 Vladivostok time, and the dashboard says «Данные на
05.03.2022 12:00 (Владивосток, UTC+10)» and «до 10.03.2022 23:59
(Владивосток, UTC+10)», the reports list and the coordinator's page the
same due instant. Pages of no campaign (the audit log, users, the outbox)
show UTC, named: the sign-in is «05.03.2022 02:00 (UTC)» in the audit log."""
import re
import sys

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, Server, check

DUE = "10.03.2022 23:59 (Владивосток, UTC+10)"


def test(srv):
    admin = srv.client()
    check(admin.login_form("admin", ADMIN_PASSWORD).status in (200, 303), "admin sign-in")
    page = admin.get("/admin/campaigns/charter-2022/dashboard").text
    check(re.search(r"Данные на 05\.03\.2022 12:0\d \(Владивосток, UTC\+10\)", page), "dashboard now")
    check(DUE in page, "dashboard due instant")
    check(DUE in admin.get("/admin/campaigns/charter-2022/reports").text, "reports list due instant")
    check(DUE in admin.get("/admin/campaigns/charter-2022/reminders").text, "reminders due instant")
    audit = admin.get("/admin/audit").text
    check(re.search(r"05\.03\.2022 02:0\d \(UTC\)", audit), "audit log in UTC, named")
    check(re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d \(UTC\)", admin.get("/admin/users").text), "users in UTC")
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status in (200, 303), "coordinator sign-in")
    check(DUE in coord.get("/reports").text, "coordinator's due instant")


name = "test_page_times_zone"
srv = Server(name, extra_env={"TZ": "America/New_York"}, args=["--clock", "2022-03-05T12:00:00+10:00"])
try:
    test(srv)
except Exception:
    srv.proc.kill()
    sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
    raise
srv.stop()
print("ok", name)
