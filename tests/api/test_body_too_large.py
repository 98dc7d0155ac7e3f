"""Bodies over the limit get 413 before a handler runs: a Russian page for
forms, a JSON error under /api/; nothing is stored."""
import json
import urllib.parse

from svodka_test import ADMIN_PASSWORD, check, main, raw_request


def test(srv):
    c = srv.client()
    check(c.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    cookie = "; ".join("%s=%s" % kv for kv in c.cookies.items())
    users = srv.sql("SELECT count(*) FROM users")

    body = json.dumps({"login": "bigbody", "role": "admin", "name": "я" * (600 * 1024)},
                      ensure_ascii=False).encode()
    head = ("POST /api/v1/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            "X-CSRF-Token: %s\r\nCookie: %s\r\nContent-Length: %d\r\n\r\n" % (c.csrf, cookie, len(body)))
    ans = raw_request(srv.port, head.encode(), body, send_max=32768)
    check(ans.startswith("HTTP/1.1 413"), "1.2 MB JSON: " + ans[:60])
    err = json.loads(ans.split("\r\n\r\n", 1)[1])["error"]
    check(err["code"] == "body_too_large" and "не более 1 МБ" in err["message"], "JSON error: %r" % err)

    body = urllib.parse.urlencode({"csrf_token": c.csrf, "login": "bigform", "role": "admin",
                                   "name": "x" * (2 * 1024 * 1024)}).encode()
    head = ("POST /admin/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Cookie: %s\r\nContent-Length: %d\r\n\r\n" % (cookie, len(body)))
    ans = raw_request(srv.port, head.encode(), body, send_max=32768)
    check(ans.startswith("HTTP/1.1 413") and "Слишком большой запрос" in ans, "2 MB form: " + ans[:60])

    # The sign-in form has a 16 KiB limit of its own.
    r = srv.client().post("/login", form={"login": "a", "password": "p" * 20000})
    check(r.status == 413, "sign-in form over its 16 KiB limit: %d" % r.status)

    # A chunked body (no Content-Length) that grows past the limit: 413 too.
    chunk = b"x" * 65536
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
    head = ("POST /api/v1/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            "X-CSRF-Token: %s\r\nCookie: %s\r\nTransfer-Encoding: chunked\r\n\r\n" % (c.csrf, cookie))
    ans = raw_request(srv.port, head.encode(), chunked)
    check(ans.startswith("HTTP/1.1 413"), "chunked over the limit: " + ans[:60])

    # A Content-Length far over the limit is refused without sending the body.
    ans = raw_request(srv.port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n")
    check(ans.startswith("HTTP/1.1 413"), "huge Content-Length: " + ans[:40])
    check(srv.sql("SELECT count(*) FROM users") == users, "a user stored from an oversized body")


main(test)
