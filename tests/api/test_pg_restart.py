"""PostgreSQL restarts under a running svodka: the request that meets the
lost connection answers 503 (a Russian page; JSON under /api/), the next one
reconnects, and the session survives."""
import os
import tempfile

from svodka_test import ADMIN_PASSWORD, OUT, Server, check, pg_cluster, prepare_db


def main():
    cluster = tempfile.mkdtemp(prefix="pg-restart-", dir="/tmp")
    os.rmdir(cluster)
    url = pg_cluster("start", cluster)
    srv = None
    try:
        prepare_db(url)
        srv = Server("test_pg_restart", db=url, threads=1)
        c = srv.client()
        check(c.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
        check(c.get("/admin/users").status == 200, "page before the restart")

        pg_cluster("restart", cluster)
        r = c.get("/admin/users")
        check(r.status == 503 and "временно недоступна" in r.text, "page after the restart: %d" % r.status)
        r = c.get("/admin/users")
        check(r.status == 200, "no reconnect: %d" % r.status)

        pg_cluster("restart", cluster)
        r = c.get("/api/v1/me")
        check(r.status == 503 and r.json()["error"]["code"] == "unavailable", "API after the restart: %d" % r.status)
        r = c.get("/api/v1/me")
        check(r.status == 200 and r.json()["user"]["login"] == "admin", "API reconnect: %d" % r.status)
        check(c.get("/healthz").status == 200, "healthz after reconnect")
        srv.stop()
        print("ok test_pg_restart")
    finally:
        if srv and srv.proc.poll() is None:
            srv.proc.kill()
        pg_cluster("stop", cluster)


main()
