"""Two `svodka serve` processes on one PostgreSQL database behind Debian's
nginx: sign in through the proxy, read a page and write, with requests
landing on both instances; a session made on one instance works on the
other."""
import re

from svodka_test import ADMIN_PASSWORD, Nginx, Server, check, pg_database, prepare_db, run_cli, sql


def routed(log, line_re):
    return len(re.findall(line_re, log))


def main():
    db = pg_database("two_instances")
    prepare_db(db)
    rc, out, err = run_cli("migrate", db=db)
    check(rc == 0 and "at version" in out, "migrate on PostgreSQL: %s %s" % (out, err))
    rc, out, err = run_cli("init", db=db)
    check(rc == 0 and "0 new records" in out, "second init on PostgreSQL: %s" % out)
    a = Server("test_pg_two_instances_a", db=db)
    b = Server("test_pg_two_instances_b", db=db)
    proxy = Nginx("test_pg_two_instances", [a.port, b.port])
    try:
        c = proxy.client()
        check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in through nginx")
        for _ in range(6):
            r = c.get("/admin/users")
            check(r.status == 200 and "Пользователи" in r.text, "users page through nginx: %d" % r.status)
        token = c.csrf_from(c.get("/admin/users").text)
        r = c.post("/admin/users", form={"csrf_token": token, "login": "via.proxy", "name": "Через прокси",
                                         "role": "coordinator", "org_unit": "artem"})
        check(r.status == 201, "write through nginx: %d" % r.status)
        check(sql(db, "SELECT org_unit FROM users WHERE login = 'via.proxy'") == "artem", "write stored")
        check(c.get("/campaigns/charter-2022").status == 200, "campaign page")

        # The same session straight at each instance: sessions live in the database.
        for srv in (a, b):
            direct = srv.client()
            direct.cookies = dict(c.cookies)
            r = direct.get("/api/v1/me")
            check(r.status == 200 and r.json()["user"]["login"] == "admin",
                  "session not valid on port %d" % srv.port)
        proxy.stop()
        la, lb = a.stop(), b.stop()
        pa = routed(la, r"GET /admin/users 200")
        pb = routed(lb, r"GET /admin/users 200")
        check(pa > 0 and pb > 0, "requests reached only one instance: %d and %d" % (pa, pb))
        # A database from a newer svodka is refused, on PostgreSQL too.
        sql(db, "UPDATE schema_version SET version = version + 100")
        rc, out, err = run_cli("migrate", db=db)
        check(rc == 1 and "newer" in err, "newer schema on PostgreSQL: %d %s" % (rc, err))
        check(db.split("@")[0].split(":")[-1] not in err, "password in an error message")
        print("ok test_pg_two_instances (admin page served %d times by one, %d by the other)" % (pa, pb))
    except Exception:
        for srv in (a, b):
            srv.proc.kill()
        proxy.stop()
        raise


main()
