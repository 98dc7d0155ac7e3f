"""A campaign's automatic reminders survive every way the department edits
a campaign: the edit form shows them («Напомнить за N дней до срока» as
«3, 1» and the after-the-due-date checkbox) and a save that touches other
fields keeps them; a duplicate copies them; the exported file carries them
and imports back with them; clearing both fields removes the key, so the
campaign sends no automatic reminders. The demo campaign (data/) ships with
reminders, and saving it through the form unchanged changes nothing."""
import json

from campaign_form import Form, post_form, upload
from svodka_test import ADMIN_PASSWORD, check, main

EDIT = "/admin/campaigns/charter-2022"


def api_doc(c, slug):
    r = c.get("/api/v1/campaigns/" + slug)
    check(r.status == 200, "GET /api/v1/campaigns/%s: %d" % (slug, r.status))
    return r.json()


def test(srv):
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")

    # The demo campaign ships with reminders; the form shows them.
    shipped = api_doc(c, "charter-2022")
    check(shipped.get("reminders") == {"days_before": [5, 3], "after_due": True},
          "demo campaign reminders: %s" % shipped.get("reminders"))
    page = c.get(EDIT)
    check(page.status == 200, "edit page: %d" % page.status)
    check("Напомнить за N дней до срока" in page.text and
          "Напомнить на следующий день после срока тем, кто не сдал" in page.text, "reminder fields labelled")
    form = Form(page.text, EDIT)
    check(form.get("remind_days") == "5, 3", "days shown: %r" % form.get("remind_days"))
    check(form.get("remind_after_due") == "1", "after-due box checked: %r" % form.get("remind_after_due"))

    # Saved unchanged through the form: the document is the same (nothing dropped).
    r = post_form(c, EDIT, form)
    check(r.status == 303, "unchanged save: %d %s" % (r.status, r.text[:2000]))
    after = api_doc(c, "charter-2022")
    check(after["version"] == 2, "version bumped")
    shipped.pop("version")
    after.pop("version")
    check(after == shipped, "an unchanged form save changed the document:\n%s\n%s" %
          (json.dumps(shipped, ensure_ascii=False), json.dumps(after, ensure_ascii=False)))

    # Set «1; 3» with the box unchecked: stored largest first, shown as «3, 1».
    form = Form(c.get(EDIT).text, EDIT).set("remind_days", "1; 3").drop("remind_after_due")
    r = post_form(c, EDIT, form)
    check(r.status == 303, "set reminders: %d %s" % (r.status, r.text[:2000]))
    check(api_doc(c, "charter-2022")["reminders"] == {"days_before": [3, 1], "after_due": False},
          "reminders stored: %s" % api_doc(c, "charter-2022").get("reminders"))
    form = Form(c.get(EDIT).text, EDIT)
    check(form.get("remind_days") == "3, 1" and form.get("remind_after_due") is None, "shown back")

    # Edit another field: the reminders stay.
    form.set("remind_after_due", "1").set("title", "Цифровая этика детства (правка)")
    check(post_form(c, EDIT, form).status == 303, "edit title")
    doc = api_doc(c, "charter-2022")
    check(doc["title"] == "Цифровая этика детства (правка)", "title saved")
    check(doc["reminders"] == {"days_before": [3, 1], "after_due": True}, "edit lost reminders: %s" % doc)
    form = Form(c.get(EDIT).text, EDIT).set("summary", "Новое описание")
    check(post_form(c, EDIT, form).status == 303, "edit summary")
    check(api_doc(c, "charter-2022")["reminders"] == {"days_before": [3, 1], "after_due": True},
          "second edit lost reminders")

    # Duplicate: the copy has the same reminders (they count from its own due date).
    page = c.get("/admin/campaigns/new?from=charter-2022")
    form = Form(page.text, "/admin/campaigns")
    check(form.get("remind_days") == "3, 1" and form.get("remind_after_due") == "1", "copy form shows reminders")
    form.set("slug", "charter-2023").set("period_start", "2023-02-08").set("period_end", "2023-03-08")
    form.set("report_due", "2023-03-10").set("contest_entries_from", "2023-02-08")
    form.set("contest_entries_until", "2023-03-08")
    r = post_form(c, "/admin/campaigns", form)
    check(r.status == 303, "create copy: %d %s" % (r.status, r.text[:2000]))
    check(api_doc(c, "charter-2023")["reminders"] == {"days_before": [3, 1], "after_due": True},
          "duplicate lost reminders: %s" % api_doc(c, "charter-2023").get("reminders"))

    # Export → import under a new slug: the reminders travel in the file.
    r = c.get("/admin/campaigns/charter-2023/export.json")
    check(r.status == 200 and r.json()["reminders"] == {"days_before": [3, 1], "after_due": True},
          "export carries reminders: %s" % r.text[-300:])
    text = r.body.replace(b'"slug": "charter-2023"', b'"slug": "charter-2023-b"')
    r = upload(c, c.csrf_from(c.get("/admin/campaigns").text), text)
    check(r.status == 303, "import: %d %s" % (r.status, r.text[:2000]))
    check(api_doc(c, "charter-2023-b")["reminders"] == {"days_before": [3, 1], "after_due": True},
          "import lost reminders")
    check(c.get("/admin/campaigns/charter-2023-b/export.json").body == text, "round trip changed the file")

    # Only the after-due box: no days, one reminder the day after.
    form = Form(c.get("/admin/campaigns/charter-2023").text, "/admin/campaigns/charter-2023")
    form.set("remind_days", "  ")
    check(post_form(c, "/admin/campaigns/charter-2023", form).status == 303, "after-due only")
    check(api_doc(c, "charter-2023")["reminders"] == {"days_before": [], "after_due": True},
          "after-due only: %s" % api_doc(c, "charter-2023").get("reminders"))

    # Clearing both removes the key: no automatic reminders.
    form = Form(c.get("/admin/campaigns/charter-2023").text, "/admin/campaigns/charter-2023")
    form.set("remind_days", "").drop("remind_after_due")
    check(post_form(c, "/admin/campaigns/charter-2023", form).status == 303, "clear reminders")
    doc = api_doc(c, "charter-2023")
    check("reminders" not in doc, "cleared reminders still stored: %s" % doc.get("reminders"))
    form = Form(c.get("/admin/campaigns/charter-2023").text, "/admin/campaigns/charter-2023")
    check(form.get("remind_days") == "" and form.get("remind_after_due") is None, "cleared form")
    page = c.get("/admin/campaigns/charter-2023/reminders")
    check(page.status == 200 and "не настроены" in page.text, "reminders page says none are set")
    check("reminders" not in c.get("/admin/campaigns/charter-2023/export.json").json(), "export without reminders")
    # The other campaigns keep theirs.
    check(api_doc(c, "charter-2022")["reminders"] == {"days_before": [3, 1], "after_due": True}, "original kept")

    detail = json.loads(srv.sql("SELECT detail FROM audit_events WHERE action = 'campaign.update' "
                                "AND entity_id = 'charter-2023' ORDER BY id DESC LIMIT 1"))
    check(detail["changed"] == ["reminders"], "audit names the cleared key: %s" % detail)


main(test)
