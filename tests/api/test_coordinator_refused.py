"""A coordinator is refused on every admin route, HTML and API, and nothing
changes; an anonymous visitor is sent to sign in (pages) or gets 401 (API)."""
from svodka_test import COORD_PASSWORD, check, main

ADMIN_ROUTES = [
    ("GET", "/admin/users"), ("POST", "/admin/users"), ("POST", "/admin/users/1/disable"),
    ("POST", "/admin/users/1/enable"), ("POST", "/admin/users/1/password"),
    ("GET", "/admin/org-units"), ("GET", "/admin/org-units/nakhodka"),
    ("POST", "/admin/org-units/nakhodka"), ("GET", "/admin/audit"),
    ("GET", "/api/v1/users"), ("POST", "/api/v1/users"), ("POST", "/api/v1/users/1/disable"),
    ("POST", "/api/v1/users/1/enable"), ("POST", "/api/v1/users/1/password"),
    ("GET", "/api/v1/org-units"), ("GET", "/api/v1/org-units/nakhodka"),
    ("PUT", "/api/v1/org-units/nakhodka"), ("GET", "/api/v1/audit"),
]


def snapshot(srv):
    return srv.sql("SELECT login, role, disabled, password_hash FROM users ORDER BY id") + \
        srv.sql("SELECT code, name, version FROM org_units ORDER BY code")


def test(srv):
    before = snapshot(srv)
    c = srv.client()
    r = c.login_api("coord", COORD_PASSWORD)
    check(r.status == 200 and r.json()["user"]["org_unit"] == "nakhodka", "coordinator sign-in")
    body = {"login": "x1", "role": "admin", "name": "Захват", "kind": "urban_okrug", "version": 1,
            "csrf_token": c.csrf}
    for method, path in ADMIN_ROUTES:
        kw = {"headers": {"X-CSRF-Token": c.csrf}}
        if method != "GET":
            kw["json_body"] = body
        r = c.request(method, path, **kw)
        check(r.status == 403, "%s %s as coordinator: %d" % (method, path, r.status))
        if path.startswith("/api/"):
            check(r.json()["error"]["code"] == "forbidden", "%s %s: error code" % (method, path))
        else:
            check("Доступ запрещён" in r.text, "%s %s: Russian page" % (method, path))
    # The form way too.
    page = c.get("/")
    token = c.csrf_from(page.text)
    r = c.post("/admin/users", form={"csrf_token": token, "login": "x2", "role": "admin"})
    check(r.status == 403, "form as coordinator %d" % r.status)

    anon = srv.client()
    for method, path in ADMIN_ROUTES:
        r = anon.request(method, path, json_body={} if method != "GET" else None)
        if path.startswith("/api/"):
            check(r.status in (401, 403), "%s %s anonymous: %d" % (method, path, r.status))
        elif method == "GET":
            check(r.status == 303 and r.header("Location").startswith("/login?next="),
                  "%s %s anonymous: %d" % (method, path, r.status))
        else:
            check(r.status == 403, "%s %s anonymous: %d" % (method, path, r.status))
    check(snapshot(srv) == before, "data changed by refused requests")


main(test)
