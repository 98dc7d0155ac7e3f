"""Campaign saves that must be refused, through the form, the API and an
imported file: each answer names the problem in Russian beside the field,
keeps what was typed, and stores nothing. A coordinator reaches none of the
campaign editing routes."""
import re

from campaign_form import Form, charter, post_form, upload
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main


def invalid_field(html_text):
    """The names of the inputs the page marks aria-invalid."""
    names = re.findall(r'<(?:input|textarea)[^>]*name="([^"]+)"[^>]*aria-invalid="true"', html_text)
    if 'fieldset class="units" aria-invalid="true"' in html_text:
        names.append("org_unit")
    if 'fieldset class="rows" aria-invalid="true"' in html_text:
        names.append("rows")
    return names


def test(srv):
    def stored():
        return srv.sql("SELECT group_concat(slug || ':' || version, ',') FROM campaigns")

    before = stored()
    check(before == "charter-2022:1", "start: %s" % before)
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    copy_page = c.get("/admin/campaigns/new?from=charter-2022").text

    def fresh():
        f = Form(copy_page, "/admin/campaigns")
        f.set("slug", "charter-2023").set("period_start", "2023-02-08").set("period_end", "2023-03-08")
        f.set("report_due", "2023-03-10").set("contest_entries_from", "2023-02-08")
        return f.set("contest_entries_until", "2023-03-08")

    def refused(form, status, field, words, action="/admin/campaigns"):
        r = post_form(c, action, form)
        check(r.status == status, "%s: status %d, want %d: %s" % (words, r.status, status, r.text[:1500]))
        check(words in r.text, "%s: message missing in:\n%s" % (words, r.text[:6000]))
        marked = invalid_field(r.text)
        check(field in marked, "%s: field %s not marked (%s)" % (words, field, marked))
        check(stored() == before, "%s: something was stored: %s" % (words, stored()))
        return r

    # Dates.
    r = refused(fresh().set("period_end", "2023-02-01"), 422, "period_end", "не может закончиться раньше")
    check("Окончание акции" in r.text, "the message names the field in Russian")
    check('name="slug" value="charter-2023"' in r.text, "typed slug kept")
    refused(fresh().set("report_due", "07.03.2023"), 422, "report_due", "срок отчёта не может быть раньше")
    refused(fresh().set("period_start", "31.02.2023"), 422, "period_start", "укажите существующую дату")
    r = refused(fresh().set("time_zone", "Asia/Atlantis"), 422, "time_zone", "такого часового пояса нет")
    check('value="Asia/Atlantis"' in r.text, "typed time zone kept")
    refused(fresh().set("time_zone", "../../etc/passwd"), 422, "time_zone", "часового пояса IANA")
    # Hashtags and forms.
    r = refused(fresh().set("hashtags", "#МояХартия\nХартияПриморье"), 422, "hashtags", "хэштег должен начинаться с #")
    check("#МояХартия\nХартияПриморье</textarea>" in r.text, "typed hashtags kept")
    refused(fresh().set("form_code_8", "posts").set("form_title_8", "Ещё посты"), 422, "form_code_8",
            "код повторяется")
    refused(fresh().set("form_code_8", "новая").set("form_title_8", "Новая форма"), 422, "form_code_8",
            "строчных латинских букв")
    refused(fresh().set("link_url_1", "ok.ru/internetforkids.ru"), 422, "link_url_1", "http:// или https://")
    # Org units: none checked; an unknown code.
    refused(fresh().drop("org_unit"), 422, "org_unit", "отметьте хотя бы один муниципалитет")
    refused(fresh().drop("org_unit").set("org_unit", "atlantis"), 422, "org_unit", "нет в справочнике")
    # Slugs.
    refused(fresh().set("slug", "charter-2022"), 409, "slug", "уже занят")
    refused(fresh().set("slug", "хартия-2023"), 422, "slug", "строчные латинские буквы")
    refused(fresh().set("lock_after_days", "неделя"), 422, "lock_after_days", "целое неотрицательное число")

    # Deleting a form of an existing campaign is refused: retire it instead.
    edit = c.get("/admin/campaigns/charter-2022").text
    f = Form(edit, "/admin/campaigns/charter-2022")
    media = f.row_of("form", "code", "media")
    f.drop("form_existing_%d" % media).set("form_code_%d" % media, "").set("form_title_%d" % media, "")
    r = refused(f, 422, "rows", "удалить её нельзя", "/admin/campaigns/charter-2022")
    check("retired" in r.text and "Широкое освещение в СМИ" in r.text, "the message names the form and says retire")
    # Changing a saved code is deleting it, too.
    f = Form(edit, "/admin/campaigns/charter-2022").set("form_code_%d" % media, "press")
    refused(f, 422, "rows", "удалить её нельзя", "/admin/campaigns/charter-2022")

    # The API: structured errors naming the JSON path.
    a = srv.client()
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "API sign-in")
    h = {"X-CSRF-Token": a.csrf}
    cases = [
        ({"period": {"start": "2023-03-08", "end": "2023-02-08"}}, 422, "period.end"),
        ({"report_due": "2023-03-01"}, 422, "report_due"),
        ({"time_zone": "Asia/Atlantis"}, 422, "time_zone"),
        ({"hashtags": ["МояХартия"]}, 422, "hashtags[0]"),
        ({"org_units": ["nakhodka", "atlantis"]}, 422, "org_units[1]"),
        ({"slug": "charter-2022"}, 409, "slug"),
        ({"slug": "хартия"}, 422, "slug"),
        ({"colour": "red"}, 422, "colour"),
    ]
    for change, status, field in cases:
        doc = charter()
        doc.update(slug="api-2023", period={"start": "2023-02-08", "end": "2023-03-08"}, report_due="2023-03-10")
        doc.update(change)
        r = a.post("/api/v1/campaigns", headers=h, json_body=doc)
        check(r.status == status, "API %s: %d %s" % (change, r.status, r.text))
        err = r.json()["error"]
        check(err["field"] == field and err["message"].startswith("Поле " + field + ":"),
              "API %s: %s" % (change, err))
    doc = a.get("/api/v1/campaigns/charter-2022").json()
    doc["forms"] = [f for f in doc["forms"] if f["code"] != "media"]
    r = a.request("PUT", "/api/v1/campaigns/charter-2022", headers=h, json_body=doc)
    check(r.status == 422 and r.json()["error"]["field"] == "forms" and "retired" in r.json()["error"]["message"],
          "API form deletion: %d %s" % (r.status, r.text))
    doc = a.get("/api/v1/campaigns/charter-2022").json()
    r = a.request("PUT", "/api/v1/campaigns/charter-2022", headers=h, json_body=dict(doc, slug="charter-2099"))
    check(r.status == 422 and r.json()["error"]["field"] == "slug", "API slug change: %d %s" % (r.status, r.text))
    del doc["version"]
    r = a.request("PUT", "/api/v1/campaigns/charter-2022", headers=h, json_body=doc)
    check(r.status == 422 and r.json()["error"]["field"] == "version", "API without version: %d" % r.status)
    check(stored() == before, "API: something was stored: %s" % stored())

    # Import: not JSON; JSON that is not a campaign; a slug that is taken; no file.
    token = c.csrf_from(c.get("/admin/campaigns").text)
    r = upload(c, token, b"slug: charter-2023\ntitle: YAML is not JSON\n", "campaign.yaml")
    check(r.status == 422 and "Файл — не JSON: синтаксическая ошибка" in r.text and "строка 1" in r.text,
          "non-JSON import: %d %s" % (r.status, r.text[:3000]))
    r = upload(c, token, b'{"slug": "x-1", "title": "\xd0\x9a"', "cut.json")
    check(r.status == 422 and "строка 1" in r.text, "cut JSON: %d" % r.status)
    r = upload(c, token, b"[1, 2]")
    check(r.status == 422 and "должен быть объектом JSON" in r.text, "array import: %d" % r.status)
    r = upload(c, token, c.get("/admin/campaigns/charter-2022/export.json").body)
    check(r.status == 409 and "Измените в файле поле" in r.text and "charter-2022" in r.text,
          "taken slug import: %d %s" % (r.status, r.text[:3000]))
    r = upload(c, token, b"")
    check(r.status == 422 and "Выберите файл" in r.text, "empty import: %d" % r.status)
    check(stored() == before, "import: something was stored: %s" % stored())
    check(srv.sql("SELECT count(*) FROM audit_events WHERE entity = 'campaign' AND actor_id IS NOT NULL") == "0",
          "audit events of refused saves")

    # A coordinator reaches none of it, by pages or API, with a valid CSRF token.
    k = srv.client()
    check(k.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    ktoken = k.csrf_from(k.get("/").text)
    for path in ["/admin/campaigns", "/admin/campaigns/new", "/admin/campaigns/new?from=charter-2022",
                 "/admin/campaigns/charter-2022", "/admin/campaigns/charter-2022/export.json"]:
        r = k.get(path)
        check(r.status == 403, "coordinator GET %s: %d" % (path, r.status))
    good = fresh().set("csrf_token", ktoken)
    for path in ["/admin/campaigns", "/admin/campaigns/charter-2022"]:
        r = post_form(k, path, good)
        check(r.status == 403 and "У вашей роли нет доступа" in r.text, "coordinator POST %s: %d" % (path, r.status))
    r = upload(k, ktoken, c.get("/admin/campaigns/charter-2022/export.json").body.replace(b"charter-2022", b"coord-1"))
    check(r.status == 403, "coordinator import: %d" % r.status)
    ka = srv.client()
    check(ka.login_api("coord", COORD_PASSWORD).status == 200, "coordinator API sign-in")
    doc = charter()
    doc["slug"] = "coord-2023"
    r = ka.post("/api/v1/campaigns", headers={"X-CSRF-Token": ka.csrf}, json_body=doc)
    check(r.status == 403 and r.json()["error"]["code"] == "forbidden", "coordinator API create: %d" % r.status)
    doc = a.get("/api/v1/campaigns/charter-2022").json()
    r = ka.request("PUT", "/api/v1/campaigns/charter-2022", headers={"X-CSRF-Token": ka.csrf}, json_body=doc)
    check(r.status == 403, "coordinator API update: %d" % r.status)
    check(stored() == before, "coordinator: something was stored: %s" % stored())


main(test)
