"""SIGTERM while a slow request is in flight: the request completes, the
server exits 0 and closes the database cleanly."""
import signal
import threading
import time

from svodka_test import ADMIN_PASSWORD, Server, check


def main():
    srv = Server("test_shutdown", threads=1)
    c = srv.client()
    result = {}

    def slow():
        result["r"] = c.login_api("admin", ADMIN_PASSWORD)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.02)
    srv.proc.send_signal(signal.SIGTERM)
    t.join(60)
    check("r" in result and result["r"].status == 200, "in-flight request: %r" % result.get("r"))
    srv.proc.wait(60)
    log = srv.stop()
    check("stopped" in log, "no clean stop in the log")
    check(srv.sql("PRAGMA integrity_check") == "ok", "database damaged")
    check(srv.sql("SELECT count(*) FROM sessions") == "1", "the in-flight sign-in was not stored")
    print("ok test_shutdown")


main()
