"""The region and its 34 municipalities are listed; an admin edits one;
a save based on an old version gets 409 with both versions shown and
overwrites nothing; a bad e-mail or a municipality made a region is refused
(422) with nothing stored."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    page = c.get("/admin/org-units")
    check(page.status == 200 and "Всего: 35" in page.text, "35 org units")
    for name in ["Приморский край", "Находкинский городской округ", "Яковлевский муниципальный район",
                 "городской округ ЗАТО Фокино"]:
        check(name in page.text, name + " missing")
    edit = c.get("/admin/org-units/nakhodka")
    check(edit.status == 200, "edit page")
    token = c.csrf_from(edit.text)
    form = {"csrf_token": token, "version": "1", "name": "Находкинский городской округ",
            "kind": "urban_okrug", "centre": "г. Находка", "head": "Магинский Тимур Викторович",
            "email": "adm@nakhodka-city.ru"}
    r = c.post("/admin/org-units/nakhodka", form=form)
    check(r.status == 303, "save: %d" % r.status)
    check(srv.sql("SELECT head || '|' || email || '|' || version FROM org_units WHERE code='nakhodka'") ==
          "Магинский Тимур Викторович|adm@nakhodka-city.ru|2", "saved values")

    stale = dict(form, head="Другой Глава")
    r = c.post("/admin/org-units/nakhodka", form=stale)
    check(r.status == 409, "stale save: %d" % r.status)
    check("Другой Глава" in r.text and "Магинский Тимур Викторович" in r.text, "409 page shows both")
    check(srv.sql("SELECT head FROM org_units WHERE code='nakhodka'") == "Магинский Тимур Викторович",
          "stale save overwrote")

    r = c.post("/admin/org-units/nakhodka", form=dict(form, version="2", email="нет"))
    check(r.status == 422 and "Адрес электронной почты указан неверно" in r.text, "bad e-mail")
    check(srv.sql("SELECT version FROM org_units WHERE code='nakhodka'") == "2", "bad save stored")

    a = srv.client()
    a.login_api("admin", ADMIN_PASSWORD)
    r = a.request("PUT", "/api/v1/org-units/artem", headers={"X-CSRF-Token": a.csrf},
                  json_body={"name": "Артёмовский городской округ", "kind": "urban_okrug", "version": 1,
                             "email": "artem@mail.ru"})
    check(r.status == 200 and r.json()["version"] == 2, "API update: %d %s" % (r.status, r.text))
    # A municipality cannot be made a region (orgunit_validate; admin.c's own check let it through).
    r = a.request("PUT", "/api/v1/org-units/artem", headers={"X-CSRF-Token": a.csrf},
                  json_body={"name": "Артёмовский городской округ", "kind": "region", "version": 2})
    check(r.status == 422 and r.json()["error"]["field"] == "kind", "kind region: %d %s" % (r.status, r.text))
    check(srv.sql("SELECT kind || version FROM org_units WHERE code='artem'") == "urban_okrug2", "kind region stored")
    r = a.request("PUT", "/api/v1/org-units/artem", headers={"X-CSRF-Token": a.csrf},
                  json_body={"name": "X", "kind": "urban_okrug", "version": 1})
    check(r.status == 409 and r.json()["error"]["code"] == "conflict", "API stale")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action='org_unit.update'") == "2", "audit")


main(test)
