"""An admin creates users (generated password shown once), rejected input
is re-shown with the message and stores nothing, disabling ends sessions,
a password reset replaces the old one; a user's e-mail address is set on
creation or later (page and API), normalized, removed when blank, and a bad
one is refused with nothing stored; every write is audited."""
import re

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main


def coord_client_forbidden(srv, uid):
    """A coordinator is refused the e-mail routes, page and API alike."""
    k = srv.client()
    check(k.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = k.request("PUT", "/api/v1/users/%s/email" % uid, json_body={"email": "x@artem.ru"},
                  headers={"X-CSRF-Token": k.csrf})
    return r.status == 403 and srv.sql("SELECT count(*) FROM users WHERE email = 'x@artem.ru'") == "0"


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
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "artem", "email": "анна at artem"},
         "email", "Адрес электронной почты указан неверно"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "artem", "email": "a@b@artem.ru"},
         "email", "Адрес электронной почты указан неверно"),
        ({"login": "artem.coord", "role": "coordinator", "org_unit": "artem", "email": "anna@[127.0.0.1]"},
         "email", "Адрес электронной почты указан неверно"),
    ]
    for form, field, words in bad:
        r = c.post("/admin/users", form=dict(form, csrf_token=token, name="Пётр Ёлкин"))
        check(r.status == 422, "%s: %d" % (form, r.status))
        check(words in r.text, "%s: message %r missing" % (form, words))
        check('aria-invalid="true"' in r.text, "%s: field not marked" % form)
        check("Пётр Ёлкин" in r.text, "%s: typed name lost" % form)
    check(srv.sql("SELECT count(*) FROM users") == count, "a rejected user was stored")
    r = c.post("/admin/users", form={"csrf_token": token, "login": "x.coord", "role": "coordinator",
                                     "org_unit": "artem", "email": "анна at artem"})
    check('value="анна at artem"' in r.text and re.search(r'name="email"[^>]*aria-invalid="true"', r.text),
          "bad address not kept and marked")

    check("Эл. почта" in page.text and 'name="email"' in page.text, "e-mail column and field")
    r = c.post("/admin/users", form={"csrf_token": token, "login": "Artem.Coord", "name": "Анна Ёлкина",
                                     "role": "coordinator", "org_unit": "artem", "password": "",
                                     "email": " Anna.Elkina@ARTEM-CITY.RU "})
    check(r.status == 201, "create: %d" % r.status)
    m = re.search(r'data-testid="new-password">([^<]+)<', r.text)
    check(m, "generated password not shown")
    pw = m.group(1)
    check(len(pw) == 16, "generated password length")
    check(srv.sql("SELECT org_unit || ' ' || role FROM users WHERE login='artem.coord'") == "artem coordinator",
          "stored user")
    check(srv.sql("SELECT email FROM users WHERE login='artem.coord'") == "Anna.Elkina@artem-city.ru",
          "stored address, trimmed with the domain lowercased")
    check("Anna.Elkina@artem-city.ru" in c.get("/admin/users").text, "address shown in the list")
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

    # The address of an existing user, from the form in the user's row.
    email_of = lambda: srv.sql("SELECT coalesce(email, '<null>') FROM users WHERE login='artem.coord'")
    action = "/admin/users/%s/email" % uid
    check('action="%s"' % action in c.get("/admin/users").text, "per-row e-mail form")
    r = c.post(action, form={"csrf_token": token, "email": "Elkina@Artem.RU"})
    check(r.status == 303 and r.header("Location") == "/admin/users", "set e-mail: %d" % r.status)
    check(email_of() == "Elkina@artem.ru", "new address stored: %s" % email_of())
    for bad_addr, words in [("elkina@", "указан неверно"), ("elkina@почта", "указан неверно"),
                            ("el kina@artem.ru", "указан неверно"),
                            ("elkina@artem.ru\r\nBcc: x@y.ru", "указан неверно"),
                            ("ёлкина@artem.ru", "русскими буквами")]:
        r = c.post(action, form={"csrf_token": token, "email": bad_addr})
        check(r.status == 422 and words in r.text and "artem.coord" in r.text, "%r: %d" % (bad_addr, r.status))
        check(email_of() == "Elkina@artem.ru", "%r: a bad address was stored" % bad_addr)
    r = c.post(action, form={"csrf_token": token, "email": "elkina@"})
    check(re.search(r'name="email" value="elkina@"[^>]*aria-invalid="true"', r.text), "typed address kept in its row")
    check(c.post(action, form={"email": "a@artem.ru"}).status == 403, "e-mail change without CSRF")
    check(c.post("/admin/users/999999/email", form={"csrf_token": token, "email": "a@artem.ru"}).status == 404,
          "unknown user")
    r = c.post(action, form={"csrf_token": token, "email": "  "})
    check(r.status == 303 and email_of() == "<null>", "blank removes the address: %s" % email_of())
    check(coord_client_forbidden(srv, uid), "a coordinator changed an address")

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
    h = {"X-CSRF-Token": a.csrf}
    r = a.post("/api/v1/users", json_body={"login": "admin3", "role": "admin", "email": "Rev@Primorsky.RU"},
               headers=h)
    check(r.status == 201 and r.json()["user"]["email"] == "Rev@primorsky.ru", "API create with e-mail: %s" % r.text)
    aid = r.json()["user"]["id"]
    n = srv.sql("SELECT count(*) FROM users")
    for bad_body in [{"email": "rev@"}, {"email": 5}, {"email": "rev@primorsky.ru\n"}, {"email": "рев@приморье.рф"}]:
        r = a.post("/api/v1/users", json_body=dict(bad_body, login="admin4", role="admin"), headers=h)
        check(r.status == 422 and r.json()["error"]["field"] == "email", "API create %s: %s" % (bad_body, r.text))
    check(srv.sql("SELECT count(*) FROM users") == n, "API: a user with a bad address was stored")
    api = "/api/v1/users/%d/email" % aid
    r = a.request("PUT", api, json_body={"email": "otdel@primorsky.ru"}, headers=h)
    check(r.status == 200 and r.json()["user"]["email"] == "otdel@primorsky.ru", "API set: %s" % r.text)
    for bad_body in [{"email": "otdel"}, {"email": ["a@b.ru"]}, {}, {"mail": "a@b.ru"}]:
        r = a.request("PUT", api, json_body=bad_body, headers=h)
        check(r.status == 422 and r.json()["error"]["field"] == "email", "API set %s: %s" % (bad_body, r.text))
    check([u["email"] for u in a.get("/api/v1/users").json()["users"] if u["id"] == aid] == ["otdel@primorsky.ru"],
          "API: a bad address stored")
    check(a.request("PUT", "/api/v1/users/999999/email", json_body={"email": "a@b.ru"}, headers=h).status == 404,
          "API unknown user")
    check(a.request("PUT", api, json_body={"email": "a@b.ru"}).status == 403, "API set without CSRF")
    r = a.request("PUT", api, json_body={"email": None}, headers=h)
    check(r.status == 200 and r.json()["user"]["email"] is None, "API null removes: %s" % r.text)
    emails = srv.sql("SELECT coalesce(json_extract(detail, '$.email'), '<null>') FROM audit_events "
                     "WHERE action = 'user.email' ORDER BY id").split("\n")
    check(emails == ["Elkina@artem.ru", "<null>", "otdel@primorsky.ru", "<null>"], "e-mail audit: %s" % emails)

    actions = srv.sql("SELECT group_concat(action, ' ') FROM audit_events")
    for a_ in ["user.create", "user.disable", "user.enable", "user.password", "user.email"]:
        check(a_ in actions, "audit lacks " + a_)
    audit = c.get("/admin/audit")
    check(audit.status == 200 and "user.password" in audit.text, "audit page")


main(test)
