"""After sign-in, `next` may only send the user to a path of this site in
plain URL characters. `/\t/evil.example/` (browsers drop the tab and read
`//evil.example/`), `//host`, `/\\host`, schemes, control characters and
raw non-ASCII all go to the home page; `/\nx` used to answer 500 after
creating a session. The login page never echoes a refused `next` into its
form either."""
import urllib.parse

from svodka_test import ADMIN_PASSWORD, check, main

REFUSED = ["/\t/evil.example/", "//evil.example/", "/\\evil.example/", "/\nx", "/\r\nSet-Cookie: x=1",
           "https://evil.example/", "/ /evil.example", "/отчёт", "/%zz", "evil.example", "/a\x7f"]
KEPT = ["/admin/users", "/admin/campaigns/charter-2022/dashboard?status=late&sort=name"]


def signin(srv, nxt):
    c = srv.client()
    page = c.get("/login?next=" + urllib.parse.quote(nxt, safe=""))
    check(page.status == 200, "GET /login?next=%r: %d" % (nxt, page.status))
    token = c.csrf_from(page.text)
    r = c.post("/login", form={"csrf_token": token, "login": "admin", "password": ADMIN_PASSWORD, "next": nxt})
    return page, r


def test(srv):
    for nxt in REFUSED:
        page, r = signin(srv, nxt)
        check('name="next" value="/"' in page.text, "login form echoes refused next %r" % nxt)
        check(r.status == 303, "next=%r: %d %s" % (nxt, r.status, r.text[:200]))
        check(r.header("Location") == "/", "next=%r: Location %r" % (nxt, r.header("Location")))
        check("svodka_session" in "".join(r.headers_all("Set-Cookie")), "next=%r: not signed in" % nxt)
    for nxt in KEPT:
        page, r = signin(srv, nxt)
        check(r.status == 303 and r.header("Location") == nxt,
              "next=%r: %d %r" % (nxt, r.status, r.header("Location")))
    check("incident" not in srv.read_log(), "a sign-in with a bad next logged an incident")


main(test)
