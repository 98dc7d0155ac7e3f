"""A query string with hundreds or thousands of parameters, or a very long
request target, always gets an answer: 200 up to the limits, our own
413/414 with a Russian message and the security headers above them, and
libmicrohttpd's own 414 only past its per-connection memory. Before, from
454 parameters libmicrohttpd ran out of its connection pool: an empty reply
(with 200 in the access log), and from ~600 a connection hanging 30 s."""
import json
import socket
import time

from svodka_test import check, main


def ask(port, target, host=b"t"):
    """Sends one GET and returns (seconds, status line, headers, body); a
    timeout or an empty reply fails the test."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    t = time.time()
    try:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                check(False, "no answer within 10 s for a %d-byte target" % len(target))
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    check(data.startswith(b"HTTP/1.1 "), "no status line for a %d-byte target: %r" % (len(target), data[:80]))
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers[k.strip().lower()] = v.strip()
    return time.time() - t, int(lines[0].split()[1]), headers, body


def query(n):
    return ("&".join("p%d=v" % i for i in range(n))).encode()


def test(srv):
    # Up to the 1000 pairs HTTP_MAX_FIELDS allows: a real page, every time.
    for n in (100, 454, 600, 1000):
        secs, status, h, body = ask(srv.port, b"/?" + query(n))
        check(status == 200 and b"</html>" in body, "%d parameters: %d, %d bytes" % (n, status, len(body)))
        check(secs < 5, "%d parameters took %.1f s" % (n, secs))
        check(h.get("x-content-type-options") == "nosniff", "%d parameters: no security headers" % n)
    # The query still reaches the page as sent: its first byte included.
    secs, status, h, body = ask(srv.port, b"/login?next=%2Freports&" + query(700))
    check(status == 200 and b'name="next" value="/reports"' in body, "next lost: %r" % body[-300:])
    # Over 1000 pairs, in a target under HTTP_MAX_URI (16 KiB): our 413, in Russian.
    many = ("&".join("a%d" % i for i in range(1500))).encode()
    secs, status, h, body = ask(srv.port, b"/?" + many)
    check(status == 413 and "Слишком много параметров в адресе" in body.decode(), "1500 parameters: %d" % status)
    check(h.get("x-content-type-options") == "nosniff" and "content-security-policy" in h, "413 headers")
    # The same under /api/: JSON.
    secs, status, h, body = ask(srv.port, b"/api/v1/campaigns?" + many)
    check(status == 413 and json.loads(body)["error"]["code"] == "too_many_fields", "API 413: %r" % body[:200])
    # 5000 pairs (about 39 KB) and long targets: 414, ours while the target fits the
    # connection's memory (32 KiB), libmicrohttpd's beyond; never silence, never a hang.
    for target in (b"/?" + query(5000), b"/campaigns/" + b"a" * 20000, b"/?q=" + b"x" * 20000,
                   b"/" + b"a" * 100000):
        secs, status, h, body = ask(srv.port, target)
        check(status == 414, "%d-byte target: %d" % (len(target), status))
        check(secs < 5, "%d-byte target took %.1f s" % (len(target), secs))
    secs, status, h, body = ask(srv.port, b"/campaigns/" + b"a" * 20000)
    check("Адрес страницы слишком длинный: допускается не более 16 КБ" in body.decode(), "414 message")
    check(h.get("x-content-type-options") == "nosniff", "our 414 without security headers")
    secs, status, h, body = ask(srv.port, b"/api/v1/" + b"a" * 20000)
    check(status == 414 and json.loads(body)["error"]["code"] == "uri_too_long", "API 414: %r" % body[:200])
    # The server is still fine.
    secs, status, h, body = ask(srv.port, b"/healthz")
    check(status == 200, "healthz after the flood: %d" % status)
    log = srv.read_log()
    check("incident" not in log, "an over-limit request logged an incident")


main(test)
