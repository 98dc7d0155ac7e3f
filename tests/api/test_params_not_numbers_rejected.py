"""Numbers in request parameters are whole numbers or nothing: `?page=abc`
answers 422 naming `page` on every paged list (it used to be page 1 on the
outbox and the audit log, but 422 on the dashboard), and a version of
`12abc` is refused with 422 naming `version` instead of being read as 12 —
on an org unit (form and API), on a report form and on the campaign form.
Nothing is stored by a refused save."""
from campaign_form import Form, post_form
from report_form import URL, form_fields, post
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

BAD = ["abc", "12abc", " 2", "2 ", "+2", "0x10", "1e3", "-1", "0", "99999999999999999999"]


def test(srv):
    admin = srv.client()
    check(admin.login_form("admin", ADMIN_PASSWORD).status == 303, "admin sign-in")
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "admin API sign-in")

    for path in ["/admin/audit", "/admin/mail", "/admin/campaigns/charter-2022/dashboard"]:
        check(admin.get(path + "?page=2").status == 200, "%s?page=2" % path)
        for bad in BAD:
            r = admin.get(path + "?page=" + bad.replace(" ", "%20").replace("+", "%2B"))
            check(r.status == 422 and "Номер страницы" in r.text,
                  "%s?page=%r: %d %s" % (path, bad, r.status, r.text[:200]))
    for path in ["/api/v1/audit", "/api/v1/mail", "/api/v1/campaigns/charter-2022/dashboard"]:
        r = api.get(path + "?page=12abc")
        check(r.status == 422 and r.json()["error"]["field"] == "page", "%s: %d %s" % (path, r.status, r.text))

    # An org unit saved with version "12abc": refused, nothing stored.
    before = srv.sql("SELECT version || '|' || head FROM org_units WHERE code = 'nakhodka'")
    token = admin.csrf_from(admin.get("/admin/org-units/nakhodka").text)
    form = {"csrf_token": token, "version": "1abc", "name": "Находкинский городской округ",
            "kind": "urban_okrug", "centre": "г. Находка", "head": "Другой Глава", "email": "adm@nakhodka-city.ru"}
    r = admin.post("/admin/org-units/nakhodka", form=form)
    check(r.status == 422 and "Версия записи" in r.text, "org unit version 1abc: %d %s" % (r.status, r.text[:300]))
    r = api.request("PUT", "/api/v1/org-units/nakhodka", headers={"X-CSRF-Token": api.csrf},
                    json_body={"name": "X", "kind": "urban_okrug", "version": "1abc"})
    check(r.status == 422 and r.json()["error"]["field"] == "version", "API version: %d %s" % (r.status, r.text))
    check(srv.sql("SELECT version || '|' || head FROM org_units WHERE code = 'nakhodka'") == before,
          "a refused org unit save stored something")

    # A report form whose version is "0abc": refused, nothing stored.
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    f = form_fields(coord.get(URL).text)
    f["contact_name"] = ["Ёлкина Анна Сергеевна"]
    f["version"] = ["0abc"]
    r = post(coord, f, action="save")
    check(r.status == 422 and "Версия отчёта" in r.text, "report version 0abc: %d %s" % (r.status, r.text[-300:]))
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a refused report save stored something")

    # The campaign form with version "1abc": refused, the campaign unchanged.
    page = admin.get("/admin/campaigns/charter-2022")
    form = Form(page.text, "/admin/campaigns/charter-2022").set("version", "1abc").set("title", "Другое название")
    r = post_form(admin, "/admin/campaigns/charter-2022", form)
    check(r.status == 422 and "Версия кампании" in r.text, "campaign version 1abc: %d %s" % (r.status, r.text[:300]))
    check(srv.sql("SELECT title FROM campaigns WHERE slug = 'charter-2022'") == "Цифровая этика детства",
          "a refused campaign save stored something")


main(test)
