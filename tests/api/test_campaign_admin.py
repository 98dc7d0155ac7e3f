"""An admin starts next year's campaign by duplicating Charter 2022 with new
dates through the form; it shows on the home page and on its public page
with the copied forms and hashtags. Editing renames one form and retires
another. The exported JSON file imports again under a new slug into the
same document. The API creates and updates a campaign and refuses a stale
version; the form shows a stale save as a conflict with what was typed.
Every save writes its audit event."""
import json

from campaign_form import Form, charter, post_form, upload
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main


def api_doc(c, slug):
    r = c.get("/api/v1/campaigns/" + slug)
    check(r.status == 200, "GET /api/v1/campaigns/%s: %d" % (slug, r.status))
    return r.json()


def without(doc, *keys):
    d = json.loads(json.dumps(doc))
    for k in keys:
        parts = k.split(".")
        o = d
        for p in parts[:-1]:
            o = o[p]
        o.pop(parts[-1], None)
    return d


def test(srv):
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    page = c.get("/admin/campaigns")
    check(page.status == 200, "list: %d" % page.status)
    for href in ["/admin/campaigns/charter-2022", "/admin/campaigns/new?from=charter-2022",
                 "/admin/campaigns/charter-2022/export.json", "/admin/campaigns/charter-2022/reports",
                 "/admin/campaigns/charter-2022/import", 'action="/admin/campaigns/import"']:
        check(href in page.text, "list lacks " + href)
    check("08.02.2022 – 08.03.2022" in page.text and "10.03.2022" in page.text, "list dates")
    # The department's pages of a campaign, reachable from the list, the reports and the dashboard.
    base = "/admin/campaigns/charter-2022/"
    for href, label in [(base + "dashboard", "Сводка (дашборд)"), (base + "reminders", "Напоминания"),
                        (base + "summary.xlsx", "XLSX"), (base + "summary.csv", "CSV")]:
        check('href="%s"' % href in page.text and ">%s</a>" % label in page.text, "list lacks %s" % label)
    check('<a href="/admin/mail">Почта</a>' in page.text, "admin menu lacks «Почта»")
    for path in ["reports", "dashboard"]:
        other = c.get(base + path)
        check(other.status == 200, "%s: %d" % (path, other.status))
        for href in ["summary.xlsx", "summary.csv", "reminders"]:
            check('href="%s%s"' % (base, href) in other.text, "%s page lacks a link to %s" % (path, href))
    for href in ["reminders", "summary.xlsx", "summary.csv", "dashboard"]:
        check(c.get(base + href).status == 200, "link target %s" % href)
    check(c.get("/admin/mail").status == 200, "link target /admin/mail")
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    check("/admin/mail" not in coord.get("/reports").text, "a coordinator's menu shows «Почта»")

    # Duplicate: wording, forms, links and hashtags copied; slug and dates left to fill in.
    page = c.get("/admin/campaigns/new?from=charter-2022")
    check(page.status == 200, "new from: %d" % page.status)
    check("08.02.2022" in page.text and "10.03.2022" in page.text, "old dates shown as a hint")
    form = Form(page.text, "/admin/campaigns")
    check(form.get("slug") == "" and form.get("period_start") == "" and form.get("report_due") == "",
          "slug and dates must be left empty")
    check(form.get("title") == "Цифровая этика детства", "title copied")
    check(form.get("hashtags") == "#МояХартия", "hashtags copied")
    check(form.get("form_code_7") == "banners-outdoor" and "form_code_7" not in form.readonly,
          "form codes copied and editable in a new campaign")
    check(len(form.all("org_unit")) == 34, "every municipality checked: %d" % len(form.all("org_unit")))
    form.set("slug", "charter-2023").set("period_start", "2023-02-08").set("period_end", "08.03.2023")
    form.set("report_due", "10.03.2023").set("contest_entries_from", "2023-02-08")
    form.set("contest_entries_until", "2023-03-08")
    r = post_form(c, "/admin/campaigns", form)
    check(r.status == 303 and r.header("Location") == "/admin/campaigns", "create: %d %s" % (r.status, r.text[:3000]))

    old, new = api_doc(c, "charter-2022"), api_doc(c, "charter-2023")
    check(new["period"] == {"start": "2023-02-08", "end": "2023-03-08"} and new["report_due"] == "2023-03-10",
          "new dates: %s" % new["period"])
    check(new["org_units"] == [], "all municipalities checked is stored as []")
    ignore = ("slug", "period", "report_due", "version", "contest.entries_from", "contest.entries_until")
    check(without(old, *ignore) == without(new, *ignore), "the copy differs from the original:\n%s\n%s" %
          (json.dumps(without(old, *ignore), ensure_ascii=False), json.dumps(without(new, *ignore), ensure_ascii=False)))

    home = c.get("/")
    check('href="/campaigns/charter-2023"' in home.text and "8 февраля – 8 марта 2023 г." in home.text,
          "home page lists the new campaign")
    pub = srv.client().get("/campaigns/charter-2023")
    check(pub.status == 200, "public page: %d" % pub.status)
    for text in ["#МояХартия", "Размещение внешних баннеров", "Широкое освещение в СМИ", "10.03.2023",
                 "https://vk.com/internetforkids_ru", "#ХартияПриморье"]:
        check(text in pub.text, "public page lacks " + text)

    # "Добавить строку": the form again with one more row, nothing saved.
    page = c.get("/admin/campaigns/charter-2023")
    form = Form(page.text, "/admin/campaigns/charter-2023")
    rows = int(form.get("link_rows"))
    r = post_form(c, "/admin/campaigns/charter-2023", Form(page.text, "/admin/campaigns/charter-2023")
                  .set("add", "link").set("title", "Черновик названия"))
    check(r.status == 200, "add row: %d" % r.status)
    again = Form(r.text, "/admin/campaigns/charter-2023")
    check(int(again.get("link_rows")) == rows + 1 and again.get("link_title_%d" % rows) == "",
          "one more link row")
    check(again.get("title") == "Черновик названия", "typed values kept")
    check(api_doc(c, "charter-2023")["version"] == 1, "add row saved something")

    # Edit: rename a form, retire another; codes of saved forms are read-only.
    check("form_code_0" in form.readonly, "existing form codes must be read-only")
    posts = form.row_of("form", "code", "posts")
    outdoor = form.row_of("form", "code", "banners-outdoor")
    form.set("form_title_%d" % posts, "Публикации о собственном опыте выполнения Хартии")
    form.set("form_retired_%d" % outdoor, "1")
    r = post_form(c, "/admin/campaigns/charter-2023", form)
    check(r.status == 303, "edit: %d %s" % (r.status, r.text[:2000]))
    doc = api_doc(c, "charter-2023")
    check(doc["version"] == 2, "version bumped")
    by_code = {f["code"]: f for f in doc["forms"]}
    check(len(doc["forms"]) == 8 and by_code["banners-outdoor"]["retired"] is True, "retired kept, not deleted")
    check(by_code["posts"]["title"] == "Публикации о собственном опыте выполнения Хартии", "renamed")
    pub = srv.client().get("/campaigns/charter-2023")
    check("Публикации о собственном опыте выполнения Хартии" in pub.text, "public page shows the new title")
    check("Размещение внешних баннеров" not in pub.text, "public page hides the retired form")
    check(api_doc(c, "charter-2022")["version"] == 1, "the original is untouched")

    # A stale save through the form: 409, what was typed kept, nothing overwritten.
    form.set("title", "Устаревшее название")  # version is still 1 in this form
    r = post_form(c, "/admin/campaigns/charter-2023", form)
    check(r.status == 409, "stale form save: %d" % r.status)
    check('value="Устаревшее название"' in r.text and "кто-то другой" in r.text, "409 keeps what was typed")
    check(Form(r.text, "/admin/campaigns/charter-2023").get("version") == "2", "409 page is based on the stored version")
    check(api_doc(c, "charter-2023")["title"] == "Цифровая этика детства", "stale save overwrote")

    # Export → import under a new slug → the same document.
    r = c.get("/admin/campaigns/charter-2023/export.json")
    check(r.status == 200, "export: %d" % r.status)
    check(r.header("Content-Type") == "application/json; charset=utf-8", "export type")
    check(r.header("Content-Disposition") == 'attachment; filename="charter-2023.json"', "export disposition")
    check(r.body.startswith(b'{\n  "slug": "charter-2023",\n  "title"'), "pretty-printed in the file's order")
    check("Цифровая этика детства".encode() in r.body and b"\\u04" not in r.body, "Cyrillic as UTF-8")
    exported = r.json()
    check("version" not in exported, "export carries no version")
    check(exported == without(api_doc(c, "charter-2023"), "version"), "export is the document")
    text = r.body.replace(b'"slug": "charter-2023"', b'"slug": "charter-2023-b"')
    token = c.csrf_from(c.get("/admin/campaigns").text)
    r = upload(c, token, text, "charter-2023.json")
    check(r.status == 303 and r.header("Location") == "/admin/campaigns/charter-2023-b",
          "import: %d %s" % (r.status, r.text[:2000]))
    r2 = c.get("/admin/campaigns/charter-2023-b/export.json")
    check(r2.body == text, "round trip changed the file")
    check(c.get("/admin/campaigns/charter-2023-b").status == 200, "imported campaign's edit page")

    # The API twins.
    a = srv.client()
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "API sign-in")
    h = {"X-CSRF-Token": a.csrf}
    doc = charter()
    doc.update(slug="api-2024", period={"start": "2024-02-08", "end": "2024-03-08"}, report_due="2024-03-11",
               org_units=["nakhodka", "artem"])
    r = a.post("/api/v1/campaigns", headers=h, json_body=doc)
    check(r.status == 201, "API create: %d %s" % (r.status, r.text))
    got = r.json()
    check(got["version"] == 1 and got["slug"] == "api-2024" and got["org_units"] == ["nakhodka", "artem"],
          "API create answer")
    got["title"] = "Цифровая этика детства — 2024"
    r = a.request("PUT", "/api/v1/campaigns/api-2024", headers=h, json_body=got)
    check(r.status == 200 and r.json()["version"] == 2 and r.json()["title"] == got["title"],
          "API update: %d %s" % (r.status, r.text))
    got["title"] = "Чужая правка"
    r = a.request("PUT", "/api/v1/campaigns/api-2024", headers=h, json_body=got)  # still version 1
    check(r.status == 409 and r.json()["error"]["code"] == "conflict", "API stale: %d %s" % (r.status, r.text))
    check(api_doc(a, "api-2024")["title"] == "Цифровая этика детства — 2024", "stale API save overwrote")
    r = a.request("PUT", "/api/v1/campaigns/nope-2024", headers=h, json_body=dict(got, slug="nope-2024", version=1))
    check(r.status == 404, "API update of an unknown campaign: %d" % r.status)
    # The edit page of a campaign with chosen municipalities checks only those.
    form = Form(c.get("/admin/campaigns/api-2024").text, "/admin/campaigns/api-2024")
    check(sorted(form.all("org_unit")) == ["artem", "nakhodka"], "checked org units: %s" % form.all("org_unit"))

    # Audit: one event per save, in the same transaction.
    rows = srv.sql("SELECT action || ' ' || entity_id FROM audit_events WHERE action LIKE 'campaign.%' "
                   "AND actor_id IS NOT NULL ORDER BY id").split("\n")
    check(rows == ["campaign.create charter-2023", "campaign.update charter-2023", "campaign.create charter-2023-b",
                   "campaign.create api-2024", "campaign.update api-2024"], "audit events: %s" % rows)
    detail = json.loads(srv.sql("SELECT detail FROM audit_events WHERE action = 'campaign.update' "
                                "AND entity_id = 'charter-2023'"))
    check(detail["changed"] == ["forms"], "update detail names what changed: %s" % detail)
    detail = json.loads(srv.sql("SELECT detail FROM audit_events WHERE action = 'campaign.create' "
                                "AND entity_id = 'charter-2023-b'"))
    check(detail["via"] == "import", "import is recorded as such: %s" % detail)
    check(srv.sql("SELECT count(*) FROM campaigns") == "4", "four campaigns")


main(test)
