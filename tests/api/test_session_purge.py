"""Expired sessions are deleted from the database by the worker's tick, not
only refused: with --clock, an admin signs in at 12:00 and a coordinator
at 13:00 (sessions live 2 hours without use); a server whose clock says
14:10 deletes the admin's row on its own, keeps the coordinator's, which
still works, and the admin's cookie no longer does."""
import time

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, Client, Server, check

WHO = ("SELECT group_concat(login, ',') FROM (SELECT u.login FROM sessions s JOIN users u "
       "ON u.id = s.user_id ORDER BY u.login)")


def serve(name, db, clock):
    return Server(name, db=db, args=["--clock", clock])


def run(srv, step):
    try:
        out = step(srv)
        srv.stop()
        return out
    except Exception:
        srv.proc.kill()
        raise


def main():
    first = Server("purge-1200", args=["--clock", "2022-03-05T12:00:00+10:00"])
    db = first.db

    def admin_signs_in(srv):
        a = srv.client()
        check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
        return a.cookies

    admin_cookies = run(first, admin_signs_in)

    def coord_signs_in(srv):
        c = srv.client()
        check(c.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
        # The admin's session is an hour old: alive, kept by the purge at start.
        time.sleep(1.5)
        check(srv.sql(WHO) == "admin,coord", "sessions at 13:00: " + srv.sql(WHO))
        return c.cookies

    coord_cookies = run(serve("purge-1300", db, "2022-03-05T13:00:00+10:00"), coord_signs_in)

    def purged(srv):
        deadline = time.time() + 20
        while srv.sql(WHO) != "coord" and time.time() < deadline:
            time.sleep(0.2)
        check(srv.sql(WHO) == "coord", "sessions at 14:10: %s (the admin's expired at 14:00)" % srv.sql(WHO))
        c = Client(srv)
        c.cookies = dict(coord_cookies)
        r = c.get("/api/v1/me")
        check(r.status == 200 and r.json()["user"]["login"] == "coord", "live session refused: %d" % r.status)
        a = Client(srv)
        a.cookies = dict(admin_cookies)
        r = a.get("/api/v1/me")
        check(r.status == 401, "expired session accepted: %d" % r.status)

    run(serve("purge-1410", db, "2022-03-05T14:10:00+10:00"), purged)
    print("ok test_session_purge")


main()
