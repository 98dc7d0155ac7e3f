"""A path under /api/ that is refused before routing (a %00 or a bad
escape, a target too long, too many query pairs) still answers JSON: the
client of the API is decided by the path as sent, before decoding. Before,
/api/…%00 answered the HTML error page."""
import json

from svodka_test import check, main, raw_request


def answer(port, target):
    ans = raw_request(port, b"GET " + target + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    head, _, body = ans.partition("\r\n\r\n")
    return int(head.split()[1]), head, body


def test(srv):
    for target, status, code in [(b"/api/v1/me%00", 400, "invalid_path"),
                                 (b"/api/v1/campaigns/%00x", 400, "invalid_path"),
                                 (b"/api/v1/campaigns/%zz", 400, "invalid_path"),
                                 (b"/api/v1/" + b"x" * 20000, 414, "uri_too_long")]:
        st, head, body = answer(srv.port, target)
        check(st == status and "application/json" in head, "%r: %d %r" % (target[:40], st, head[:120]))
        err = json.loads(body)["error"]
        check(err["code"] == code and err["message"] and "<html" not in body,
              "%r: %r" % (target[:40], err))
    # A path that decodes to /api/ is the API too.
    st, head, body = answer(srv.port, b"/%61pi/v1/me")
    check(st == 401 and "application/json" in head, "/%%61pi/v1/me: %d" % st)
    # Pages stay pages.
    st, head, body = answer(srv.port, b"/campaigns/%00")
    check(st == 400 and "text/html" in head and "Некорректный адрес страницы" in body, "page %%00: %d" % st)


main(test)
