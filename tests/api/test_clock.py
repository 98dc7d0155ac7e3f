"""`svodka serve --clock INSTANT`: the server's clock starts at INSTANT and
runs on. /healthz reports it on its second line and the log's start line
says so; two readings advance. The Charter 2022 report (due 10 March 2022,
23:59:59 Vladivostok time) submitted on a clock just before that instant is
on time, and on a clock just after it is late: the deadline's edge crossed
without faketime. A bad --clock or SVODKA_CLOCK exits 2 with one line."""
import os
import re
import tempfile
import time

from svodka_test import COORD_PASSWORD, OUT, Server, check, prepare_db, run_cli

DUE = 1646920799  # 2022-03-10T23:59:59+10:00, the charter's last on-time second
API = "/api/v1/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна", "position": "главный специалист", "phone": "8 (4236) 69-22-11",
                    "email": "elkina@nakhodka-city.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии", "participants": 10,
                        "reach": 100}],
        "organizations": [], "publications": []}
CLOCK_LINE = re.compile(r"^clock: simulated, started at (\S+), now (\S+)$")


def healthz_now(c):
    r = c.get("/healthz")
    lines = r.text.split("\n")
    check(r.status == 200 and lines[0] == "ok", "healthz first line: %d %r" % (r.status, r.text))
    m = CLOCK_LINE.match(lines[1])
    check(m and lines[2:] == [""], "healthz clock line: %r" % r.text)
    return m.group(1), m.group(2)


def submit(srv):
    """Saves and submits Nakhodka's report as its coordinator; returns (late, submitted_at)."""
    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = coord.request("PUT", API, headers={"X-CSRF-Token": coord.csrf}, json_body={"version": 0, "data": DATA})
    check(r.status == 200, "save: %d %s" % (r.status, r.text[:300]))
    r = coord.post(API + "/submit", headers={"X-CSRF-Token": coord.csrf},
                   json_body={"version": r.json()["report"]["version"]})
    check(r.status == 200, "submit: %d %s" % (r.status, r.text[:300]))
    row = srv.sql("SELECT late || '|' || submitted_at FROM reports WHERE org_unit = 'nakhodka'")
    late, at = row.split("|")
    return late == "1", int(at)


def before_due():
    # 30 s before the edge: room for a slow sanitizer build to sign in and submit.
    srv = Server("clock-before", args=["--clock", "2022-03-10T23:59:30+10:00"])
    try:
        c = srv.client()
        start, first = healthz_now(c)
        check(start == "2022-03-10T23:59:30+10:00", "started at: " + start)
        check(first.startswith("2022-03-10T23:59:"), "now: " + first)
        time.sleep(1.2)
        _, second = healthz_now(c)
        check(second > first, "the clock does not run on: %s then %s" % (first, second))
        page = c.get("/campaigns/charter-2022")
        check(page.status == 200, "campaign page: %d" % page.status)
        late, at = submit(srv)
        check(at <= DUE, "submitted after the due instant on a clock before it: %d" % at)
        check(not late, "on time, yet flagged late")
        log = srv.stop()
    except Exception:
        srv.proc.kill()
        raise
    check(re.search(r"serving on http://\S+ with a SIMULATED CLOCK: started at 2022-03-10T23:59:30\+10:00", log),
          "the start line does not say the clock is simulated:\n" + log[:2000])


def after_due():
    srv = Server("clock-after", args=["--clock", "2022-03-11T00:00:00+10:00"])
    try:
        late, at = submit(srv)
        check(at > DUE, "submitted before the due instant on a clock after it: %d" % at)
        check(late, "late, yet not flagged")
        srv.stop()
    except Exception:
        srv.proc.kill()
        raise


def from_env():
    # SVODKA_CLOCK, in Z, is the same instant; the option wins over it.
    srv = Server("clock-env", extra_env={"SVODKA_CLOCK": "2022-03-05T02:00:00Z"})
    try:
        start, _ = healthz_now(srv.client())
        check(start == "2022-03-05T02:00:00Z", "SVODKA_CLOCK started at: " + start)
        srv.stop()
    except Exception:
        srv.proc.kill()
        raise
    srv = Server("clock-env-opt", extra_env={"SVODKA_CLOCK": "2022-03-05T02:00:00Z"},
                 args=["--clock", "2022-03-01T09:00:00+10:00"])
    try:
        start, _ = healthz_now(srv.client())
        check(start == "2022-03-01T09:00:00+10:00", "--clock over SVODKA_CLOCK: " + start)
        srv.stop()
    except Exception:
        srv.proc.kill()
        raise


def bad():
    d = tempfile.mkdtemp(prefix="clock-bad-", dir=OUT)
    db = os.path.join(d, "svodka.db")
    prepare_db(db, users=False)
    cases = [("2022-03-05T12:00:00", "no UTC offset"), ("2022-02-30T12:00:00+10:00", "no such calendar day"),
             ("2022-03-05T25:00:00Z", "no such time of day"), ("2022-03-05T12:00:00+25:00", "UTC offset"),
             ("tomorrow", "not an instant"), ("", "not an instant")]
    for value, why in cases:
        rc, out, err = run_cli("serve", "--clock", value, "--listen", "127.0.0.1:1", db=db)
        check(rc == 2, "--clock %r: exit %d" % (value, rc))
        check(why in err and len(err.strip().split("\n")) == 1 and err.startswith("svodka: serve: --clock "),
              "--clock %r: %r" % (value, err))
    rc, out, err = run_cli("serve", "--listen", "127.0.0.1:1", db=db, env={"SVODKA_CLOCK": "2022-03-05"})
    check(rc == 2 and "SVODKA_CLOCK=2022-03-05:" in err and len(err.strip().split("\n")) == 1,
          "SVODKA_CLOCK: %d %r" % (rc, err))


def main():
    os.makedirs(OUT, exist_ok=True)
    bad()
    before_due()
    after_due()
    from_env()
    print("ok test_clock")


main()
