"""Behind TLS (SVODKA_SECURE=1): cookies are Secure and every answer sends
HSTS; without it neither (a plain-HTTP deployment must still sign in)."""
import os
import sys

from svodka_test import ADMIN_PASSWORD, Server, check


def sign_in(srv):
    c = srv.client()
    r = c.login_api("admin", ADMIN_PASSWORD)
    check(r.status == 200, "sign-in: %d" % r.status)
    return r, c


def main():
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    srv = Server(name, extra_env={"SVODKA_SECURE": "1"})
    try:
        r, c = sign_in(srv)
        cookie = [v for v in r.headers_all("Set-Cookie") if v.startswith("svodka_session=")][0]
        check("; Secure" in cookie and "HttpOnly" in cookie, "session cookie: " + cookie)
        check("max-age=" in (r.header("Strict-Transport-Security") or ""), "no HSTS on the API answer")
        page = c.get("/login")
        csrf = [v for v in page.headers_all("Set-Cookie") if v.startswith("svodka_csrf=")]
        check(not csrf or "; Secure" in csrf[0], "pre-session cookie not Secure")
        check("max-age=" in (c.get("/").header("Strict-Transport-Security") or ""), "no HSTS on a page")
    finally:
        srv.stop()
    plain = Server(name + "_plain")
    try:
        r, _ = sign_in(plain)
        cookie = [v for v in r.headers_all("Set-Cookie") if v.startswith("svodka_session=")][0]
        check("Secure" not in cookie and r.header("Strict-Transport-Security") is None, "plain HTTP: " + cookie)
    finally:
        plain.stop()
    print("ok", name)


main()
