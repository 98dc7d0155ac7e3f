"""An admin creates users (generated password shown once), rejected input
is re-shown with the message and stores nothing, disabling ends sessions,
a password reset replaces the old one; every write is audited."""
import re

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main


def test(srv):
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    page = c.get("/admin/users")
    check(page.status == 200 and "Новый пользователь" in page.text, "users page")
    check("Владивостокский городской округ" in page.text, "municipalities in the select")
    token = c.csrf_from(page.text)
    count = srv.sql("SELECT count(*) FROM users")

    bad = [
        ({"login": "Я", "role": "coordinator", "org_unit": "artem"}, "login", "3–64 символа"),
        ({"login": "artem.coord", "role": "king", "org_unit": "artem"}, "role", "Выберите роль"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": ""}, "org_unit", "муниципалитет"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "atlantis"}, "org_unit", "нет в списке"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "artem", "password": "короткий"},
         "password", "не менее 12"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "artem",
          "password": "Artem.Coord"}, "password", "12"),
        ({"login": "coord", "role": "admin", "password": "some long password"}, "login", "занят"),
    ]
    for form, field, words in bad:
        r = c.post("/admin/users", form=dict(form, csrf_token=token, name="Пётр Ёлкин"))
        check(r.status == 422, "%s: %d" % (form, r.status))
        check(words in r.text, "%s: message %r missing" % (form, words))
        check('aria-invalid="true"' in r.text, "%s: field not marked" % form)
        check("Пётр Ёлкин" in r.text, "%s: typed name lost" % form)
    check(srv.sql("SELECT count(*) FROM users") == count, "a rejected user was stored")

    r = c.post("/admin/users", form={"csrf_token": token, "login": "Artem.Coord", "name": "Анна Ёлкина",
                                     "role": "coordinator", "org_unit": "artem", "password": ""})
    check(r.status == 201, "create: %d" % r.status)
    m = re.search(r'data-testid="new-password">([^<]+)<', r.text)
    check(m, "generated password not shown")
    pw = m.group(1)
    check(len(pw) == 16, "generated password length")
    check(srv.sql("SELECT org_unit || ' ' || role FROM users WHERE login='artem.coord'") == "artem coordinator",
          "stored user")
    check(pw not in srv.read_log(), "password in the log")
    check(pw not in c.get("/admin/users").text, "password shown twice")

    u = srv.client()
    check(u.login_form("artem.coord", pw).status == 303, "new user signs in")
    check("координатор" in u.get("/").text, "new user's header")

    uid = srv.sql("SELECT id FROM users WHERE login='artem.coord'")
    r = c.post("/admin/users/%s/disable" % uid, form={"csrf_token": token})
    check(r.status == 303, "disable: %d" % r.status)
    check(u.get("/api/v1/me").status == 401, "disabled user's session survives")
    check(u.login_form("artem.coord", pw).status == 401, "disabled user signs in")
    r = c.post("/admin/users/%s/enable" % uid, form={"csrf_token": token})
    check(r.status == 303, "enable")

    r = c.post("/admin/users/%s/password" % uid, form={"csrf_token": token})
    check(r.status == 200, "reset: %d" % r.status)
    new_pw = re.search(r'data-testid="new-password">([^<]+)<', r.text).group(1)
    check(new_pw != pw, "same password after reset")
    check(srv.client().login_form("artem.coord", pw).status == 401, "old password still works")
    check(srv.client().login_form("artem.coord", new_pw).status == 303, "new password fails")

    me = srv.sql("SELECT id FROM users WHERE login='admin'")
    r = c.post("/admin/users/%s/disable" % me, form={"csrf_token": token})
    check(r.status == 422, "self-disable: %d" % r.status)

    # The API creates too, with the same rules.
    a = srv.client()
    a.login_api("admin", ADMIN_PASSWORD)
    r = a.post("/api/v1/users", json_body={"login": "juror1", "role": "juror", "password": COORD_PASSWORD},
               headers={"X-CSRF-Token": a.csrf})
    check(r.status == 201 and r.json()["user"]["role"] == "juror" and "password" not in r.json(), "API create")
    r = a.post("/api/v1/users", json_body={"login": "j", "role": "juror"}, headers={"X-CSRF-Token": a.csrf})
    check(r.status == 422 and r.json()["error"]["field"] == "login", "API bad login")

    actions = srv.sql("SELECT group_concat(action, ' ') FROM audit_events")
    for a_ in ["user.create", "user.disable", "user.enable", "user.password"]:
        check(a_ in actions, "audit lacks " + a_)
    audit = c.get("/admin/audit")
    check(audit.status == 200 and "user.password" in audit.text, "audit page")


main(test)
