"""The campaign dashboard: coordinators of five municipalities report
through the API (one submits late and is accepted, one on time, one is
returned, one keeps a draft, one saves an empty draft; the other 29 have
nothing); the dashboard's JSON then equals the sums of the stored rows
(rates, the region's totals, by form, by audience, by day, each table row),
the page shows the rates and three well-formed SVG charts with every text
escaped, every column sorts on the server both ways, filters by status and
kind narrow the table but not the rates, pages split the table, bad query
parameters answer 422 naming the parameter, and a coordinator gets 403.
Run by scripts/test-api.sh (SVODKA_TEST_PG_DIR set), the same scenario then
runs again on a fresh PostgreSQL database."""
import html
import os
import re
import unicodedata
import xml.etree.ElementTree as ET

from svodka_test import (ADMIN_PASSWORD, COORD_PASSWORD, Server, check, main, pg_database, prepare_db,
                         run_cli)

SLUG = "charter-2022"
API = "/api/v1/campaigns/%s/dashboard" % SLUG
PAGE = "/admin/campaigns/%s/dashboard" % SLUG
NNBSP = "\u202f"


def contact(name):
    return {"name": name, "position": "главный специалист", "phone": "8 (4236) 69-22-11",
            "email": "report@example.ru"}


def activity(form, date, title, audience, participants, reach):
    return {"form": form, "date": date, "title": title, "description": "", "audience": audience,
            "participants": participants, "reach": reach, "links": []}


REPORTS = {
    # Submitted late (every 2022 submission is), then accepted.
    "nakhodka": {"contact": contact("Ёлкина Анна"), "activities": [
        activity("events-educational", "2022-02-15", "Родительское собрание", ["parents", "teachers"], "120", "1 500"),
        activity("posts", "2022-02-20", "Пост о Хартии", ["public"], "", "3 000"),
        activity("posts", "2022-03-08", "Итоговый пост", ["public", "children"], "10", "900")],
        "organizations": [{"name": "МБОУ «СОШ № 1»", "kind": "school", "inn": "7707083893", "joined": "2022-02-20"}],
        "publications": [{"url": "https://ok.ru/group/5566/topic/777", "date": "2022-02-16", "views": "3 200",
                          "has_hashtag": True, "has_alliance_link": False}],
        "remarks": "", "no_activity_reason": ""},
    # Submitted; made on time below (as if sent before the due date).
    "artem": {"contact": contact("Петров Пётр"), "activities": [
        activity("banners-outdoor", "2022-02-08", "Баннеры", [], "", "10 000"),
        activity("contests", "2022-02-15", "Конкурс рисунков", ["children"], "45", "200")],
        "organizations": [], "publications": [
            {"url": "https://vk.com/wall-100_2", "date": "2022-02-09", "views": "150", "has_hashtag": True,
             "has_alliance_link": True},
            {"url": "https://t.me/artem/5", "date": "2022-02-10", "views": "", "has_hashtag": False,
             "has_alliance_link": False}],
        "remarks": "", "no_activity_reason": ""},
    # Submitted, then returned with a comment.
    "vladivostok": {"contact": contact("Сидорова Мария"), "activities": [
        activity("interviews", "2022-02-25", "Интервью на радио", ["specialists"], "", "5000")],
        "organizations": [], "publications": [], "remarks": "", "no_activity_reason": ""},
    # A draft with an activity.
    "ussuriysk": {"contact": contact("Иванов Иван"), "activities": [
        activity("media", "2022-03-01", "Сюжет на ТВ", ["public"], "", "25000")],
        "organizations": [{"name": "Детский сад № 5", "kind": "kindergarten", "inn": "", "joined": ""}],
        "publications": [], "remarks": "", "no_activity_reason": ""},
    # An empty draft.
    "partizansk": {"contact": contact(""), "activities": [], "organizations": [], "publications": [],
                   "remarks": "", "no_activity_reason": ""},
}
SUBMIT = ["nakhodka", "artem", "vladivostok"]


def coordinator(srv, code):
    if code == "nakhodka":
        login, pw = "coord", COORD_PASSWORD
    else:
        login, pw = "coord-" + code, "пароль координатора " + code
        rc, _, err = run_cli("user", "add", "--login", login, "--role", "coordinator", "--org-unit", code,
                             db=srv.db, stdin=pw + "\n")
        check(rc == 0, err)
    c = srv.client()
    check(c.login_api(login, pw).status == 200, "sign-in " + login)
    return c


def rows(db_sql, query):
    out = db_sql(query)
    return [line.split("|") for line in out.splitlines()] if out else []


def pct(n, d):
    """Tenths of a percent rounded half up, as a number with one decimal."""
    return (n * 2000 + d) // (2 * d) / 10 if d else 0


def collate_key(s):
    """The server's order of names (util/utf8.h's utf8_fold_key): NFC, Unicode
    case folding, «ё» read as «е», then code point order."""
    return unicodedata.normalize("NFC", s).casefold().replace("ё", "е")


def check_sorted(table, col, desc):
    rs = table["rows"]
    if col == "name":
        keys = [collate_key(r["short_name"]) for r in rs]
    elif col == "kind":
        order = ["urban_okrug", "municipal_okrug", "municipal_district"]
        keys = [order.index(r["kind"]) for r in rs]
    elif col == "status":
        order = ["not_started", "draft", "submitted", "returned", "accepted"]
        keys = [order.index(r["status"]) for r in rs]
    elif col == "submitted":
        sub = [r["submitted_at"] for r in rs]
        k = next((i for i, v in enumerate(sub) if v is None), len(sub))
        check(all(v is None for v in sub[k:]), "never submitted comes last (%s)" % desc)
        keys = sub[:k]
    elif col == "late":
        keys = [1 if r["late"] else 0 for r in rs]
    else:
        keys = [r["totals"][col] if r["totals"] else -1 for r in rs]
    check(keys == sorted(keys, reverse=desc), "sort=%s dir=%s: %s" % (col, "desc" if desc else "asc", keys))


def test(srv):
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    ah = {"X-CSRF-Token": admin.csrf}

    # A name that must be escaped wherever it shows (table, grid, hover titles).
    srv.sql("UPDATE org_units SET name = 'Партизанский <b>\"&''</b> городской округ' WHERE code = 'partizansk'")

    for code, data in REPORTS.items():
        c = coordinator(srv, code)
        h = {"X-CSRF-Token": c.csrf}
        r = c.request("PUT", "/api/v1/campaigns/%s/reports/%s" % (SLUG, code), headers=h,
                      json_body={"version": 0, "data": data})
        check(r.status == 200, "save %s: %d %s" % (code, r.status, r.text[:400]))
        if code in SUBMIT:
            r = c.post("/api/v1/campaigns/%s/reports/%s/submit" % (SLUG, code), headers=h,
                       json_body={"version": r.json()["report"]["version"]})
            check(r.status == 200, "submit %s: %d %s" % (code, r.status, r.text[:400]))
    ver = lambda code: int(srv.sql("SELECT version FROM reports WHERE org_unit = '%s'" % code))
    r = admin.post("/api/v1/campaigns/%s/reports/nakhodka/accept" % SLUG, headers=ah,
                   json_body={"version": ver("nakhodka")})
    check(r.status == 200, "accept: %d" % r.status)
    r = admin.post("/api/v1/campaigns/%s/reports/vladivostok/return" % SLUG, headers=ah,
                   json_body={"version": ver("vladivostok"), "comment": "Добавьте публикации."})
    check(r.status == 200, "return: %d" % r.status)
    srv.sql("UPDATE reports SET late = 0 WHERE org_unit = 'artem'")

    r = admin.get(API)
    check(r.status == 200, "dashboard API: %d %s" % (r.status, r.text[:300]))
    d = r.json()
    check("charts" not in d, "the API carries no SVG")

    # Rates over every municipality that must report.
    expected = int(srv.sql("SELECT count(*) FROM org_units WHERE parent IS NOT NULL"))
    check(expected == 34, "34 municipalities")
    st = dict(rows(srv.sql, "SELECT status, count(*) FROM reports GROUP BY status"))
    reported = sum(int(st.get(s, 0)) for s in ("submitted", "returned", "accepted"))
    late = int(srv.sql("SELECT count(*) FROM reports WHERE late = 1 AND status IN ('submitted','returned','accepted')"))
    want = {"expected": expected, "reported": reported, "on_time": reported - late, "late": late,
            "missing": expected - reported, "accepted": int(st.get("accepted", 0))}
    check((reported, late, want["accepted"]) == (3, 2, 1), "scenario as planned: %s" % st)
    for k, n in want.items():
        got = d["rates"][k]
        check(got["n"] == n, "rate %s: %s != %d" % (k, got, n))
        if k != "expected":
            check(got["pct"] == pct(n, expected), "rate %s pct %s != %s" % (k, got["pct"], pct(n, expected)))
    by_status = {s["status"]: s["n"] for s in d["statuses"]}
    check(by_status["not_started"] == expected - len(REPORTS) and by_status["draft"] == 2 and
          by_status["returned"] == 1, "statuses %s" % by_status)

    # Totals equal the sums of the stored rows.
    q = {"activities": "SELECT count(*) FROM report_activities",
         "participants": "SELECT coalesce(sum(participants), 0) FROM report_activities",
         "reach": "SELECT coalesce(sum(reach), 0) FROM report_activities",
         "publications": "SELECT count(*) FROM report_publications",
         "views": "SELECT coalesce(sum(views), 0) FROM report_publications",
         "organizations": "SELECT count(*) FROM report_organizations"}
    for k, sql in q.items():
        check(d["totals"][k] == int(srv.sql(sql)), "total %s: %s != %s" % (k, d["totals"][k], srv.sql(sql)))
    check(d["totals"]["activities"] == 7 and d["totals"]["reach"] == 45600, "totals %s" % d["totals"])

    forms = {f: (int(a), int(p), int(r)) for f, a, p, r in rows(
        srv.sql, "SELECT form, count(*), coalesce(sum(participants),0), coalesce(sum(reach),0) "
                 "FROM report_activities GROUP BY form")}
    check([f["form"] for f in d["by_form"][:8]] == ["banners-online", "posts", "content", "interviews",
                                                     "events-educational", "contests", "media", "banners-outdoor"],
          "forms in the campaign's order")
    for f in d["by_form"]:
        check((f["activities"], f["participants"], f["reach"]) == forms.get(f["form"], (0, 0, 0)),
              "by form %s: %s" % (f["form"], f))
    check(sum(f["activities"] for f in d["by_form"]) == d["totals"]["activities"], "forms add up")
    auds = {a: (int(n), int(p), int(r)) for a, n, p, r in rows(
        srv.sql, "SELECT x.audience, count(*), coalesce(sum(a.participants),0), coalesce(sum(a.reach),0) "
                 "FROM report_activity_audiences x JOIN report_activities a ON a.id = x.activity_id "
                 "GROUP BY x.audience")}
    check(len(d["by_audience"]) == 5, "five audiences")
    for a in d["by_audience"]:
        check((a["activities"], a["participants"], a["reach"]) == auds.get(a["audience"], (0, 0, 0)),
              "by audience %s: %s" % (a["audience"], a))
    days = {day: int(n) for day, n in rows(srv.sql, "SELECT date, count(*) FROM report_activities "
                                                     "WHERE date IS NOT NULL GROUP BY date")}
    check(len(d["by_day"]) == 29 and d["by_day"][0]["date"] == "2022-02-08" and
          d["by_day"][-1]["date"] == "2022-03-08", "every day of the period: %d" % len(d["by_day"]))
    for day in d["by_day"]:
        check(day["activities"] == days.get(day["date"], 0), "by day %s" % day)
    check(sum(x["activities"] for x in d["by_day"]) == d["totals"]["activities"], "days add up")

    # The table: every municipality, its figures those of its report.
    t = d["table"]
    check(t["total"] == expected and len(t["rows"]) == expected and t["pages"] == 1, "table size")
    stored = {code: (s, int(late_), None if sub == "" else int(sub), [int(x) for x in tot])
              for code, s, late_, sub, *tot in rows(
                  srv.sql, "SELECT org_unit, status, late, coalesce(CAST(submitted_at AS TEXT), ''), n_activities, participants, "
                           "reach, n_publications, n_organizations FROM reports")}
    for row in t["rows"]:
        check(row["href"] == "/campaigns/%s/reports/%s" % (SLUG, row["code"]), "row link")
        if row["code"] not in stored:
            check(row["status"] == "not_started" and row["totals"] is None and row["submitted_at"] is None,
                  "nothing from %s" % row["code"])
            continue
        s, late_, sub, tot = stored[row["code"]]
        got = [row["totals"][k] for k in ("activities", "participants", "reach", "publications", "organizations")]
        check(row["status"] == s and row["submitted_at"] == sub and got == tot, "row %s: %s" % (row["code"], row))
        check(row["late"] == (late_ == 1 and s != "draft"), "late flag of %s" % row["code"])

    # Sorting, both ways, by every column.
    cols = [c["key"] for c in t["columns"]]
    check(len(cols) == 10, "ten sortable columns")
    check([r["short_name"] for r in t["rows"]][:2] == ["Анучинский", "Арсеньевский"], "default: by name")
    for col in cols:
        for desc in (False, True):
            r = admin.get("%s?sort=%s&dir=%s" % (API, col, "desc" if desc else "asc"))
            check(r.status == 200, "sort %s" % col)
            check_sorted(r.json()["table"], col, desc)
    # The page sorts the same way, and its header links carry the sort.
    api_order = [r["code"] for r in admin.get(API + "?sort=reach&dir=desc").json()["table"]["rows"]]
    page = admin.get(PAGE + "?sort=reach&dir=desc")
    check(page.status == 200, "page: %d" % page.status)
    html_order = re.findall(r'<tr data-code="([^"]+)"', page.text)
    check(html_order == api_order, "page order")
    check(api_order[0] == "ussuriysk", "the largest reach first")
    hrefs = [html.unescape(h) for h in re.findall(r'data-sort="reach"', page.text) and
             re.findall(r'<a href="([^"]+)" data-sort="reach"', page.text)]
    check(hrefs == ["/admin/campaigns/charter-2022/dashboard?sort=reach&dir=asc#table"],
          "the sorted column's link flips the direction: %s" % hrefs)
    check('aria-sort="descending"' in page.text, "aria-sort")

    # Filters narrow the table, never the rates.
    r = admin.get(API + "?status=submitted&status=returned&status=accepted").json()
    check(sorted(x["code"] for x in r["table"]["rows"]) == sorted(SUBMIT), "status filter")
    check(r["rates"] == d["rates"] and r["table"]["all"] == expected, "rates ignore filters")
    r = admin.get(API + "?kind=urban_okrug").json()
    n_urban = int(srv.sql("SELECT count(*) FROM org_units WHERE kind = 'urban_okrug'"))
    check(r["table"]["total"] == n_urban and all(x["kind"] == "urban_okrug" for x in r["table"]["rows"]),
          "kind filter")
    r = admin.get(API + "?kind=urban_okrug&kind=municipal_okrug&status=draft").json()
    check(sorted(x["code"] for x in r["table"]["rows"]) == ["partizansk", "ussuriysk"], "combined filters")
    page = admin.get(PAGE + "?status=not_started&kind=municipal_district")
    check(page.status == 200 and 'value="not_started" checked' in page.text and "отобраны фильтром" in page.text,
          "filter form keeps the choice")
    check(all(c not in page.text for c in ('data-code="nakhodka"', 'data-code="artem"')), "filtered page")

    # Pages.
    seen = []
    for p in range(1, 5):
        r = admin.get(API + "?per_page=10&page=%d&sort=status" % p).json()["table"]
        check(r["pages"] == 4 and r["page"] == p and len(r["rows"]) == (10 if p < 4 else 4), "page %d" % p)
        seen += [x["code"] for x in r["rows"]]
    check(len(seen) == expected and len(set(seen)) == expected, "pages cover the table once")
    page = admin.get(PAGE + "?per_page=10&page=2")
    check('rel="next"' in page.text and 'rel="prev"' in page.text and "data-client-sort" not in page.text,
          "pager, no client sort on a paged table")

    # The page: rates in Russian format, three well-formed SVG charts, nothing unescaped.
    page = admin.get(PAGE)
    text = page.text
    check(page.status == 200 and "Сдача отчётов" in text and "Итоги по краю" in text, "page")
    check("8,8\u00a0%" in text and "45" + NNBSP + "600" in text, "Russian number format")
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    check(len(svgs) == 3, "three charts: %d" % len(svgs))
    ns = "{http://www.w3.org/2000/svg}"
    parsed = {}
    for s in svgs:
        root = ET.fromstring(s)
        parsed[root.get("id")] = root
        check(root.find(ns + "title") is not None and root.find(ns + "title").text, "chart title")
    cells = [g for g in parsed["chart-status"].iter(ns + "g") if (g.get("class") or "").startswith("cell ")]
    check(len(cells) == expected, "a cell per municipality: %d" % len(cells))
    bars = [g for g in parsed["chart-forms"].iter(ns + "g") if g.get("class") == "bar"]
    check(len(bars) == 8, "a bar per form")
    dayg = [g for g in parsed["chart-days"].iter(ns + "g") if (g.get("class") or "").startswith("day")]
    check(len(dayg) == 29, "a bar per day")
    hovers = [el.text for el in parsed["chart-status"].iter(ns + "title")]
    check(any(h and "<b>\"&'</b>" in h for h in hovers), "the odd name survives escaping intact")
    check("&lt;b&gt;" in text, "the odd name is in the page, escaped")
    check(text.count("<b>") == 0, "raw <b> in the page")
    check('class="cell cell-accepted"' in text and "✓" in text, "status letter for greyscale")
    # The table on one page sorts in the browser too.
    check("data-client-sort" in text, "client sort on a one-page table")

    # Bad input.
    for qs, field in [("sort=evil", "sort"), ("sort=name&dir=up", "dir"), ("status=bogus", "status"),
                      ("kind=region", "kind"), ("page=0", "page"), ("page=abc", "page"),
                      ("per_page=5000", "per_page"), ("page=99999999999999999999", "page")]:
        r = admin.get(API + "?" + qs)
        check(r.status == 422 and r.json()["error"]["field"] == field, "%s: %d %s" % (qs, r.status, r.text))
        check(admin.get(PAGE + "?" + qs).status == 422, "page " + qs)
    r = admin.get(API + "?page=50")
    check(r.status == 200 and r.json()["table"]["page"] == 1, "a page past the end shows the last")
    check(admin.get("/api/v1/campaigns/no-such/dashboard").status == 404, "unknown campaign")
    check(admin.get("/admin/campaigns/no-such/dashboard").status == 404, "unknown campaign page")

    # Only the department.
    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    check(coord.get(API).status == 403 and coord.get(PAGE).status == 403, "coordinator refused")
    anon = srv.client()
    check(anon.get(API).status == 401, "anonymous API")
    check(anon.get(PAGE).status in (303, 401), "anonymous page")

    # Links to the dashboard.
    check('/admin/campaigns/charter-2022/dashboard"' in admin.get("/admin/campaigns/charter-2022/reports").text,
          "link from the reports list")
    check("/admin/campaigns/charter-2022/dashboard" in admin.get("/admin/campaigns").text,
          "link from the campaigns list")


def test_pg():
    """The same scenario on PostgreSQL, when a cluster is there."""
    db = pg_database("test_dashboard_%d" % os.getpid())
    prepare_db(db)
    srv = Server("test_dashboard_pg", db=db)
    try:
        test(srv)
    except Exception:
        srv.proc.kill()
        raise
    srv.stop()
    print("ok test_dashboard on PostgreSQL")


main(test)
if os.environ.get("SVODKA_TEST_PG_DIR"):
    test_pg()
