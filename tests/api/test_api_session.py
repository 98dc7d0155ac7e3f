"""The API signs in with JSON, answers /me, and needs the CSRF header to
sign out; bad bodies get structured errors."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    r = c.login_api("admin", ADMIN_PASSWORD)
    check(r.status == 200, "API sign-in %d %s" % (r.status, r.text))
    body = r.json()
    check(body["user"]["login"] == "admin" and body["user"]["role"] == "admin", "user in answer")
    check(len(body["csrf_token"]) == 64, "csrf token")
    check("password_hash" not in r.text, "hash leaked")
    me = c.get("/api/v1/me")
    check(me.status == 200 and me.json()["user"]["login"] == "admin", "me")

    r = c.request("DELETE", "/api/v1/session")
    check(r.status == 403 and r.json()["error"]["code"] == "csrf", "logout without token: %d" % r.status)
    r = c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": "0" * 64})
    check(r.status == 403, "logout with a wrong token")
    check(srv.sql("SELECT count(*) FROM sessions") == "1", "session lost on a refused logout")
    r = c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": c.csrf})
    check(r.status == 204, "logout %d" % r.status)
    r = c.get("/api/v1/me")
    check(r.status == 401 and r.json()["error"]["code"] == "unauthorized", "me after logout %d" % r.status)

    anon = srv.client()
    r = anon.post("/api/v1/session", body=b'{"login": "admin", "password": ', headers={"Content-Type": "application/json"})
    check(r.status == 400 and r.json()["error"]["code"] == "invalid_json", "malformed JSON %d" % r.status)
    check("JSON" in r.json()["error"]["message"], "message names JSON")
    r = anon.post("/api/v1/session", json_body={"login": "admin"})
    check(r.status == 400 and r.json()["error"]["field"] == "password", "missing password")
    r = anon.post("/api/v1/session", json_body=["admin", ADMIN_PASSWORD])
    check(r.status == 400, "array body %d" % r.status)
    r = anon.post("/api/v1/session", form={"login": "admin", "password": ADMIN_PASSWORD})
    check(r.status == 415, "form body to the JSON endpoint: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM sessions") == "0", "a session from a rejected request")


main(test)
