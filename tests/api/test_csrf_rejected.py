"""Unsafe requests without the right CSRF token are refused with 403 and
change nothing: forms, the API, and the sign-in form itself."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    users_before = srv.sql("SELECT count(*) FROM users")
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    form = {"login": "evil", "role": "admin", "password": "a long enough password"}
    r = c.post("/admin/users", form=form)
    check(r.status == 403 and "Форма устарела" in r.text, "no token: %d" % r.status)
    r = c.post("/admin/users", form=dict(form, csrf_token="f" * 64))
    check(r.status == 403, "wrong token: %d" % r.status)
    r = c.post("/admin/users", json_body=form)
    check(r.status == 403, "JSON without header: %d" % r.status)
    r = c.post("/api/v1/users", json_body=form, headers={"X-CSRF-Token": "short"})
    check(r.status == 403 and r.json()["error"]["code"] == "csrf", "API wrong header")
    check(srv.sql("SELECT count(*) FROM users") == users_before, "a user was stored")
    check(srv.sql("SELECT count(*) FROM users WHERE login='evil'") == "0", "evil stored")

    # Sign-in form without the pre-session cookie's token: refused.
    anon = srv.client()
    r = anon.post("/login", form={"login": "admin", "password": ADMIN_PASSWORD})
    check(r.status == 403, "login CSRF: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM sessions") == "1", "a session from a forged sign-in")

    # The same form with the token works: the guard is not just refusing everything.
    token = c.csrf_from(c.get("/admin/users").text)
    r = c.post("/admin/users", form=dict(form, login="good", csrf_token=token))
    check(r.status == 201, "with token: %d" % r.status)
    check(srv.sql("SELECT role FROM users WHERE login='good'") == "admin", "good not stored")


main(test)
