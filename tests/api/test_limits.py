"""Header size and connection limits answer clearly instead of serving."""
import socket

from svodka_test import check, main, raw_request


def test(srv):
    # Headers over the 32 KiB per-connection memory: 431 from libmicrohttpd.
    big = b"GET / HTTP/1.1\r\nHost: t\r\nX-Filler: " + b"a" * 40000 + b"\r\n\r\n"
    ans = raw_request(srv.port, big)
    check(ans.startswith("HTTP/1.1 431"), "oversized header: %r" % ans[:40])
    # Too many cookies: refused by our own cap.
    cookies = "; ".join("c%d=v" % i for i in range(150))
    ans = raw_request(srv.port, ("GET / HTTP/1.1\r\nHost: t\r\nCookie: %s\r\n\r\n" % cookies).encode())
    check(ans.startswith("HTTP/1.1 431"), "150 cookies: %r" % ans[:40])
    # A bad escape in the path: 400, not a crash.
    ans = raw_request(srv.port, b"GET /campaigns/%zz HTTP/1.1\r\nHost: t\r\n\r\n")
    check(ans.startswith("HTTP/1.1 400"), "bad path escape: %r" % ans[:40])
    # More than 64 connections from one address: the extra ones are refused.
    socks, refused = [], 0
    for _ in range(80):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        socks.append(s)
    for s in socks:
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            if not s.recv(64):
                refused += 1
        except OSError:
            refused += 1
    for s in socks:
        s.close()
    check(refused >= 16, "per-address limit not enforced: %d of 80 refused" % refused)
    # The server notices the closed sockets on its next event-loop pass; give it a moment.
    import time
    for _ in range(50):
        try:
            if srv.client().get("/healthz").status == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    else:
        check(False, "server not answering after the connection burst")


main(test)
