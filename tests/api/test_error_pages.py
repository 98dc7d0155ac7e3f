"""404 and 405 are Russian pages for browsers and JSON under /api/; every
answer carries the security headers."""
from svodka_test import check, main

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def check_security(r, what):
    csp = r.header("Content-Security-Policy") or ""
    check("frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp,
          "%s: CSP %r" % (what, csp))
    for k, v in SECURITY.items():
        check(r.header(k) == v, "%s: %s = %r" % (what, k, r.header(k)))


def test(srv):
    c = srv.client()
    r = c.get("/no/such/page")
    check(r.status == 404 and "Страница не найдена" in r.text, "404 page")
    check(r.header("Content-Type").startswith("text/html"), "404 content type")
    check_security(r, "404")
    r = c.get("/api/v1/no-such-thing")
    check(r.status == 404 and r.json()["error"]["code"] == "not_found", "API 404")
    check_security(r, "API 404")
    r = c.request("DELETE", "/campaigns/charter-2022")
    check(r.status == 405 and "Метод не поддерживается" in r.text, "405 page: %d" % r.status)
    check("GET" in (r.header("Allow") or ""), "Allow header: %r" % r.header("Allow"))
    r = c.request("PUT", "/api/v1/campaigns")
    check(r.status == 405 and r.json()["error"]["code"] == "method_not_allowed", "API 405")
    r = c.get("/campaigns/no-such-campaign")
    check(r.status == 404 and "Такой кампании нет" in r.text, "unknown campaign")
    for path in ["/", "/campaigns/charter-2022", "/login", "/static/svodka.css", "/healthz"]:
        r = c.get(path)
        check(r.status == 200, "%s: %d" % (path, r.status))
        check_security(r, path)
    r = c.get("/static/../../etc/passwd")
    check(r.status == 404, "path traversal: %d" % r.status)
    r = c.get("/static/svodka.css")
    check(r.header("Content-Type").startswith("text/css"), "css type")
    etag = r.header("ETag")
    r = c.get("/static/svodka.css", headers={"If-None-Match": etag})
    check(r.status == 304, "ETag revalidation: %d" % r.status)
    r = c.request("HEAD", "/campaigns/charter-2022")
    check(r.status == 200 and r.body == b"", "HEAD")


main(test)
