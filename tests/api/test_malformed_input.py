"""Malformed JSON, forms and multipart bodies get 400 with a message, and
nothing is stored."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    check(c.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    h = {"X-CSRF-Token": c.csrf}
    before = srv.sql("SELECT name, version FROM org_units WHERE code='nakhodka'")
    bad_json = [b'{"name": "x"', b'{"name": "\xff\xfe"}', b'[' * 5000 + b']' * 5000, b'',
                b'{"name": "a", "name": }']
    for body in bad_json:
        r = c.request("PUT", "/api/v1/org-units/nakhodka", body=body,
                      headers=dict(h, **{"Content-Type": "application/json"}))
        check(r.status == 400, "bad JSON %r: %d" % (body[:20], r.status))
        err = r.json()["error"]
        check(err["code"] == "invalid_json" and err["message"], "error shape for %r" % body[:20])
    r = c.request("PUT", "/api/v1/org-units/nakhodka", json_body={"name": "", "kind": "urban_okrug",
                                                                  "version": 1}, headers=h)
    check(r.status == 422 and r.json()["error"]["field"] == "name", "empty name: %d" % r.status)
    r = c.request("PUT", "/api/v1/org-units/nakhodka", json_body={"name": "Н", "kind": "planet",
                                                                  "version": 1}, headers=h)
    check(r.status == 422 and r.json()["error"]["field"] == "kind", "bad kind")
    r = c.request("PUT", "/api/v1/org-units/nakhodka", json_body={"name": "Н", "kind": "urban_okrug",
                                                                  "email": "not-an-email", "version": 1},
                  headers=h)
    check(r.status == 422 and r.json()["error"]["field"] == "email", "bad email")

    page = c.get("/admin/org-units/nakhodka")
    token = c.csrf_from(page.text)
    r = c.post("/admin/org-units/nakhodka", body=b"csrf_token=" + token.encode() + b"&name=%zz&kind=urban_okrug",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 400 and "<html" in r.text, "bad percent escape: %d" % r.status)
    r = c.post("/admin/org-units/nakhodka", body=b"--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nabc",
               headers={"Content-Type": "multipart/form-data; boundary=XX"})
    check(r.status == 400, "truncated multipart: %d" % r.status)
    check(srv.sql("SELECT name, version FROM org_units WHERE code='nakhodka'") == before, "org unit changed")


main(test)
