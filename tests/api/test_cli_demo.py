"""`svodka demo`: plausible reports in every state, a third of the
municipalities missing, the same data for the same seed, and nothing
changed by a second run; organization names without a format directive or
a doubled number («МБОУ «СОШ № %d» № 28» once). With --clock (or
SVODKA_CLOCK) five days before the due date: nothing late, reports
submitted, drafts and untouched ones, and no instant or date after the
clock's."""
import json
import os
import re
import tempfile

from svodka_test import OUT, check, run_cli, sql

DUMP = ("SELECT o.code, r.status, r.late, r.n_activities, r.participants, r.reach, r.n_publications, "
        "r.n_organizations, d.data FROM reports r JOIN report_data d ON d.report_id = r.id "
        "JOIN org_units o ON o.code = r.org_unit ORDER BY o.code")


def fresh(d, name, seed, *args):
    db = os.path.join(d, name)
    rc, _, err = run_cli("init", db=db)
    check(rc == 0, err)
    rc, out, err = run_cli("demo", "--seed", str(seed), *args, db=db)
    check(rc == 0 and out.startswith("demo: charter-2022:"), "demo: %s %s" % (out, err))
    return db, out


AS_OF = "2022-03-05T12:00:00+10:00"
AS_OF_T = 1646445600
NAME_OK = re.compile(r"^[^%№]+ № \d+»$")


def names_ok(db):
    names = sql(db, "SELECT name FROM report_organizations").split("\n")
    check(len(names) > 5, "too few organizations: %d" % len(names))
    for data in sql(db, "SELECT data FROM report_data").split("\n"):
        names += [o["name"] for o in json.loads(data)["organizations"]]
    for n in names:
        check(NAME_OK.match(n) and n.count("«") == 1 and n.count("»") == 1, "organization name: %r" % n)


def as_of(d):
    db, out = fresh(d, "clock.db", 1, "--clock", AS_OF)
    check(("as of %s" % AS_OF) in out, "demo does not say its instant: " + out)
    check(sql(db, "SELECT count(*) FROM reports WHERE late = 1") == "0", "late before the due date")
    statuses = sql(db, "SELECT group_concat(DISTINCT status) FROM reports").split(",")
    for s in ["draft", "submitted", "returned", "accepted"]:
        check(s in statuses, "no %s report as of %s" % (s, AS_OF))
    drafts = int(sql(db, "SELECT count(*) FROM reports WHERE status = 'draft'"))
    missing = 34 - int(sql(db, "SELECT count(*) FROM reports"))
    check(drafts >= 5 and 5 <= missing <= 13, "drafts %d, not started %d" % (drafts, missing))
    for q in ["SELECT max(created_at) FROM reports", "SELECT max(updated_at) FROM reports",
              "SELECT max(submitted_at) FROM reports", "SELECT max(at) FROM report_history"]:
        check(int(sql(db, q)) <= AS_OF_T, "%s: after the clock" % q)
    check(int(sql(db, "SELECT min(at) FROM report_history")) >= 1644242400, "a step before the campaign began")
    for q in ["SELECT max(date) FROM report_activities", "SELECT max(date) FROM report_publications",
              "SELECT max(joined) FROM report_organizations"]:
        check(sql(db, q) <= "2022-03-05", "%s: a date after the clock" % q)
    names_ok(db)
    env_db = os.path.join(d, "env.db")
    rc, _, err = run_cli("init", db=env_db)
    check(rc == 0, err)
    rc, out, err = run_cli("demo", "--seed", "1", db=env_db, env={"SVODKA_CLOCK": "2022-03-05T02:00:00Z"})
    check(rc == 0 and "as of 2022-03-05T02:00:00Z" in out, "SVODKA_CLOCK: %s %s" % (out, err))
    check(sql(env_db, DUMP) == sql(db, DUMP), "SVODKA_CLOCK and --clock at one instant differ")
    for bad in ["2022-03-05T12:00:00", "2022-03-05", "soon"]:
        rc, _, err = run_cli("demo", "--clock", bad, db=env_db)
        check(rc == 2 and err.startswith("svodka: demo: --clock ") and len(err.strip().split("\n")) == 1,
              "bad --clock %r: %d %r" % (bad, rc, err))


def main():
    os.makedirs(OUT, exist_ok=True)
    d = tempfile.mkdtemp(prefix="demo-", dir=OUT)
    a, out = fresh(d, "a.db", 1)
    b, _ = fresh(d, "b.db", 1)
    c, _ = fresh(d, "c.db", 2)
    check(sql(a, DUMP) == sql(b, DUMP), "same seed, different data")
    check(sql(a, DUMP) != sql(c, DUMP), "another seed, same data")
    statuses = sql(a, "SELECT group_concat(DISTINCT status) FROM reports")
    for s in ["draft", "submitted", "returned", "accepted"]:
        check(s in statuses, "no %s report" % s)
    check(sql(a, "SELECT count(*) FROM reports WHERE late = 1") != "0", "no late report")
    check(sql(a, "SELECT count(*) FROM reports WHERE status = 'submitted' AND late = 0") != "0", "none on time")
    missing = 34 - int(sql(a, "SELECT count(*) FROM reports"))
    check(9 <= missing <= 13, "about a third missing: %d" % missing)
    check(sql(a, "SELECT count(*) FROM reports WHERE status = 'returned' AND last_comment IS NULL") == "0",
          "returned without a comment")
    check(sql(a, "SELECT sum(n_activities) FROM reports") == sql(a, "SELECT count(*) FROM report_activities"),
          "totals do not match the rows")
    names_ok(a)
    names_ok(c)
    before = sql(a, DUMP)
    rc, out, _ = run_cli("demo", "--seed", "1", db=a)
    check(rc == 0 and "already had a report" in out and sql(a, DUMP) == before, "second run changed data")
    rc, _, err = run_cli("demo", "--campaign", "no-such", db=a)
    check(rc == 1 and "no-such" in err, "unknown campaign")
    rc, _, err = run_cli("demo", "--seed", "x", db=a)
    check(rc == 2, "bad seed")
    as_of(d)
    print("ok test_cli_demo")


main()
