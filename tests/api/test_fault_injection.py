"""Fault injection (STYLE.md rule 25): every write is walked through its
store calls. For N = 1, 2, 3 ... the request carries `X-Svodka-Fault: N`,
which makes the Nth store call of that request (a statement, a BEGIN or a
COMMIT, the session lookup included) fail as a database error would. Each
faulted attempt must answer 500 with the Russian (page) or JSON (API) error
and an incident id that is also in the server log, and must leave every
table exactly as it was; the first N that the request no longer reaches
lets it succeed, and it changes the data as expected. The walk ends at
the request's COMMIT: a fault after it (the re-read for the answer) comes
when the data is already written. The server is stopped
at the end, and the helper fails on any sanitizer or leak report in its
log: no path through a fault leaks.

Needs a test build (meson -Dfault_injection=true, as `make build-test`
sets up); without that option the header has no effect, and this test
fails at once, saying so."""
import re

from report_form import unescape
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, fail, main

CAP = 60
FAULT = "X-Svodka-Fault"
FIRED = "injected fault"
REPORT = "/api/v1/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна", "position": "главный специалист", "phone": "8 (4236) 69-22-11",
                    "email": "elkina@nakhodka-city.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии", "participants": 10,
                        "reach": 100, "audience": ["children"]}],
        "organizations": [], "publications": []}
# A session's last_seen and idle expiry move whenever the guard touches it
# (once a minute, outside the request's transaction, best effort): they
# are left out of the comparison; every other column of every table is in.
SESSION_COLS = "token_hash, user_id, csrf, created_at, absolute_expires, remote_ip"
# A CSV import of two municipalities (the columns of test_import_csv.py).
CSV = ("\ufeffМуниципальное образование;ФИО контактного лица;Должность;Телефон;Эл. почта;"
       "Форма мероприятия;Дата;Название;Описание;Аудитория;Участники;Охват;Ссылки\r\n"
       "artem;Петров Пётр;консультант;+7 914 123-45-67;petrov@artem.ru;"
       "banners-outdoor;01.03.2022;Баннеры на улицах;Три баннера в центре города;;;10 000;\r\n"
       "vladivostok;Сидорова Мария;ведущий специалист;+7 423 222-33-44;sidorova@vlc.ru;"
       "contests;20.02.2022;Конкурс рисунков;;дети;45;200;\r\n").encode("utf-8")


def dump(srv):
    """Every row of every table, as text."""
    out = []
    for t in srv.sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").split("\n"):
        cols = SESSION_COLS if t == "sessions" else "*"
        out.append("== %s\n%s" % (t, srv.sql("SELECT %s FROM %s ORDER BY 1" % (cols, t))))
    return "\n".join(out)


def incident_of(r):
    """The incident id of a 500 answer, checked to be Russian words, from JSON or a page."""
    if r.header("Content-Type").startswith("application/json"):
        err = r.json()["error"]
        check(err["code"] == "internal", "error code %r" % err["code"])
        text = err["message"]
    else:
        text = unescape(r.text)
        check("Внутренняя ошибка" in text, "the 500 page is not the Russian error page")
    m = re.search(r"инцидента ([0-9a-f]{16})", text)
    check(m, "no incident id in %r" % text[-600:])
    return m.group(1)


def walk(srv, name, attempt, succeeded):
    """Runs attempt(headers) with a fault at store call N = 1, 2 ... and
    checks each faulted attempt, until the request no longer reaches the
    fault or the fault has hit its COMMIT (a later call runs after the data
    is written, where "as it was" no longer applies); then the request runs
    without a fault, and succeeded(r) checks the answer and the data.
    Returns the number of fault points walked through."""
    for n in range(1, CAP + 1):
        before = dump(srv)
        mark = len(srv.read_log())
        r = attempt({FAULT: str(n)})
        log = srv.read_log()
        fired = [line for line in log[mark:].split("\n") if FIRED in line]
        if not fired:
            # The request made fewer than n store calls: it ran as usual.
            succeeded(r)
            print("%s: %d fault points" % (name, n - 1))
            return n - 1
        check(r.status == 500, "%s, fault %d: answered %d, not 500: %s" % (name, n, r.status, r.text[:300]))
        inc = incident_of(r)
        check("incident " + inc in log, "%s, fault %d: incident %s not in the log" % (name, n, inc))
        after = dump(srv)
        if after != before:
            fail("%s, fault %d (%s): the data changed:\n%s" % (name, n, fired[0], diff(before, after)))
        if "store_commit:" in fired[0]:
            succeeded(attempt({}))
            print("%s: %d fault points, the last its commit" % (name, n))
            return n
    fail("%s: still faulted after %d store calls" % (name, CAP))


def diff(a, b):
    import difflib
    return "\n".join(difflib.unified_diff(a.split("\n"), b.split("\n"), lineterm="", n=1))


def count(srv, q):
    return int(srv.sql(q))


def test(srv):
    # The header must work in this binary: a GET of a signed-in page fails at the session lookup.
    probe = srv.client()
    check(probe.login_api("admin", ADMIN_PASSWORD).status == 200, "probe sign-in")
    r = probe.get("/api/v1/me", headers={FAULT: "1"})
    check(r.status == 500, "X-Svodka-Fault had no effect (%d): build with meson -Dfault_injection=true "
          "(make build-test does)" % r.status)
    check(probe.get("/api/v1/me").status == 200, "the fault outlived its request")
    check(probe.get("/api/v1/me", headers={FAULT: "0"}).status == 400, "X-Svodka-Fault: 0 accepted")
    check(probe.get("/api/v1/me", headers={FAULT: "1001"}).status == 400, "X-Svodka-Fault: 1001 accepted")
    check(probe.get("/api/v1/me", headers={FAULT: "1x"}).status == 400, "X-Svodka-Fault: 1x accepted")

    points = {}
    sessions = lambda: count(srv, "SELECT count(*) FROM sessions")
    signins = lambda: count(srv, "SELECT count(*) FROM audit_events WHERE action LIKE '%login%' "
                                 "OR action LIKE '%session%' OR action LIKE '%sign%'")

    # Sign-in through the API: a session and an audit event, in one transaction.
    state = {}

    def api_signin(h):
        state["s"], state["a"] = sessions(), signins()
        c = srv.client()
        return c.request("POST", "/api/v1/session", json_body={"login": "admin", "password": ADMIN_PASSWORD},
                         headers=h)

    def api_signed_in(r):
        check(r.status == 200 and "csrf_token" in r.json(), "API sign-in: %d %s" % (r.status, r.text[:300]))
        check(sessions() == state["s"] + 1, "API sign-in stored no session")
        check(signins() == state["a"] + 1, "API sign-in wrote no audit event")
    points["POST /api/v1/session"] = walk(srv, "POST /api/v1/session", api_signin, api_signed_in)

    # Sign-in through the page's form.
    def form_signin(h):
        state["s"], state["a"] = sessions(), signins()
        c = srv.client()
        page = c.get("/login")
        check(page.status == 200, "GET /login: %d" % page.status)
        return c.post("/login", form={"csrf_token": c.csrf_from(page.text), "login": "coord",
                                      "password": COORD_PASSWORD, "next": "/"}, headers=h)

    def form_signed_in(r):
        check(r.status == 303, "form sign-in: %d %s" % (r.status, r.text[:300]))
        check(sessions() == state["s"] + 1 and signins() == state["a"] + 1, "form sign-in stored nothing")
    points["POST /login"] = walk(srv, "POST /login", form_signin, form_signed_in)

    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")

    def call(c, method, path, body, h):
        return c.request(method, path, json_body=body, headers=dict(h, **{"X-CSRF-Token": c.csrf}))

    def status(org="nakhodka"):
        return srv.sql("SELECT status || '|' || version FROM reports WHERE org_unit = '%s'" % org)

    # The coordinator's first save creates the report.
    def saved(r):
        check(r.status == 200, "save: %d %s" % (r.status, r.text[:400]))
        check(status() == "draft|1", "after the save: %r" % status())
        check(count(srv, "SELECT count(*) FROM report_activities") == 1, "the activity was not stored")
    points["PUT report"] = walk(srv, "PUT report", lambda h: call(coord, "PUT", REPORT, {"version": 0, "data": DATA},
                                                                 h), saved)

    def submitted(r):
        check(r.status == 200, "submit: %d %s" % (r.status, r.text[:400]))
        check(status() == "submitted|2", "after submit: %r" % status())
    points["POST submit"] = walk(srv, "POST submit", lambda h: call(coord, "POST", REPORT + "/submit",
                                                                   {"version": 1}, h), submitted)

    comment = "Добавьте ссылки на публикации."

    def returned(r):
        check(r.status == 200, "return: %d %s" % (r.status, r.text[:400]))
        check(status() == "returned|3", "after return: %r" % status())
        check(srv.sql("SELECT last_comment FROM reports WHERE org_unit = 'nakhodka'") == comment, "comment")
    points["POST return"] = walk(srv, "POST return", lambda h: call(admin, "POST", REPORT + "/return",
                                                                   {"version": 2, "comment": comment}, h), returned)

    # A fault just after the commit (reading the report back for the answer):
    # the write stands, and the answer is a 500, never a stale report.
    c2 = srv.client()
    check(c2.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in again")
    r = call(c2, "POST", REPORT + "/submit", {"version": 3}, {})
    check(r.status == 200 and status() == "submitted|4", "resubmit: %d %r" % (r.status, status()))
    commit_at = None
    for n in range(1, CAP + 1):
        mark = len(srv.read_log())
        r = call(admin, "POST", REPORT + "/accept", {"version": 4}, {FAULT: str(n)})
        fired = [line for line in srv.read_log()[mark:].split("\n") if FIRED in line]
        check(fired and r.status == 500, "accept, fault %d: %d" % (n, r.status))
        if "store_commit:" in fired[0]:
            commit_at = n
            break
    check(commit_at and status() == "submitted|4", "accept's commit not found, or it changed the data")
    r = call(admin, "POST", REPORT + "/accept", {"version": 4}, {FAULT: str(commit_at + 1)})
    check(r.status == 500, "a failed read-back after the commit answered %d" % r.status)
    check(status() == "accepted|5", "the committed acceptance did not stand: %r" % status())
    print("POST accept: read-back after the commit (fault %d) answers 500, the write stands" % (commit_at + 1))

    def user_created(r):
        check(r.status in (200, 201), "user creation: %d %s" % (r.status, r.text[:400]))
        check(count(srv, "SELECT count(*) FROM users WHERE login = 'fault.user'") == 1, "user not stored")
    points["POST /api/v1/users"] = walk(srv, "POST /api/v1/users", lambda h: call(
        admin, "POST", "/api/v1/users", {"login": "fault.user", "role": "juror", "name": "Пробный Пользователь"},
        h), user_created)

    org = {"name": "Находкинский городской округ", "kind": "urban_okrug", "version": 1,
           "head": "Магинский Тимур Викторович", "email": "adm@nakhodka-city.ru"}

    def org_updated(r):
        check(r.status == 200, "org unit update: %d %s" % (r.status, r.text[:400]))
        check(srv.sql("SELECT email || '|' || version FROM org_units WHERE code = 'nakhodka'") ==
              "adm@nakhodka-city.ru|2", "org unit not updated")
    points["PUT /api/v1/org-units/nakhodka"] = walk(srv, "PUT /api/v1/org-units/nakhodka", lambda h: call(
        admin, "PUT", "/api/v1/org-units/nakhodka", org, h), org_updated)

    doc = admin.get("/api/v1/campaigns/charter-2022").json()
    check(doc["version"] == 1, "campaign version %s" % doc.get("version"))
    doc["title"] = doc["title"] + " (исправлено)"

    def campaign_updated(r):
        check(r.status == 200 and r.json()["version"] == 2, "campaign update: %d %s" % (r.status, r.text[:400]))
        check(srv.sql("SELECT title FROM campaigns WHERE slug = 'charter-2022'") == doc["title"], "title")
    points["PUT /api/v1/campaigns/charter-2022"] = walk(srv, "PUT /api/v1/campaigns/charter-2022", lambda h: call(
        admin, "PUT", "/api/v1/campaigns/charter-2022", doc, h), campaign_updated)

    # The CSV import creates two drafts in one transaction.
    def imported(r):
        check(r.status == 200 and r.json()["committed"] is True, "import: %d %s" % (r.status, r.text[:400]))
        check(count(srv, "SELECT count(*) FROM audit_events WHERE action = 'report.import'") == 1, "import audit")
        check(count(srv, "SELECT count(*) FROM reports WHERE org_unit IN ('artem', 'vladivostok')") == 2,
              "the imported drafts are missing")
    points["POST import?commit=1"] = walk(srv, "POST import?commit=1", lambda h: admin.request(
        "POST", "/api/v1/campaigns/charter-2022/import?commit=1", body=CSV,
        headers=dict(h, **{"X-CSRF-Token": admin.csrf, "Content-Type": "text/csv; charset=utf-8"})), imported)

    for k, v in points.items():
        check(v >= 1, "%s reached no store call" % k)
    print("fault points: " + ", ".join("%s %d" % kv for kv in points.items()))


main(test)
