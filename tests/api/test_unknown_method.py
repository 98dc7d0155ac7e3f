"""A method svodka does not know (TRACE, FOO) is the client's mistake, not
ours: 405 with Allow where the path exists, 501 where it does not, a
Russian message (JSON under /api/), and no incident in the log. Before, it
was a 501 «внутренняя ошибка» with an incident id logged for nothing."""
import time

from svodka_test import check, main, raw_request


def answer(port, method, path):
    ans = raw_request(port, ("%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" % (method, path)).encode())
    head, _, body = ans.partition("\r\n\r\n")
    return int(head.split()[1]), head, body


def test(srv):
    status, head, body = answer(srv.port, "TRACE", "/")
    check(status == 405 and "Allow: GET, HEAD" in head, "TRACE /: %r" % head[:200])
    check("Метод не поддерживается" in body and "внутренняя ошибка" not in body.lower(), "TRACE / page")
    check("text/html" in head and "X-Content-Type-Options: nosniff" in head, "TRACE / headers")

    status, head, body = answer(srv.port, "FOO", "/api/v1/me")
    check(status == 405 and "Allow: GET, HEAD" in head, "FOO /api/v1/me: %r" % head[:200])
    check("application/json" in head and '"code":"method_not_allowed"' in body and
          "Метод не поддерживается" in body, "FOO /api/v1/me body: %r" % body)

    status, head, body = answer(srv.port, "FOO", "/api/v1/nothing-here")
    check(status == 501 and '"code":"not_implemented"' in body and "Метод не поддерживается" in body,
          "FOO on an unknown API path: %d %r" % (status, body))
    status, head, body = answer(srv.port, "TRACE", "/nothing-here")
    check(status == 501 and "Метод не поддерживается" in body and "инцидент" not in body,
          "TRACE on an unknown page: %d" % status)

    # The access-log line is written when the request completes, just after the answer.
    for _ in range(50):
        log = srv.read_log()
        if "TRACE /nothing-here 501" in log:
            break
        time.sleep(0.1)
    check("TRACE / 405" in log and "FOO /api/v1/me 405" in log and "TRACE /nothing-here 501" in log,
          "access log lines:\n" + log[-1500:])
    check("incident" not in log, "an unknown method logged an incident:\n" + log[-1500:])


main(test)
