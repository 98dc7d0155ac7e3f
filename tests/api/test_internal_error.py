"""A fault inside a write answers 500 with an incident id that is also in
the log — never SQL, a path or a stack — and leaves the data as it was;
/healthz answers 503 when the database is gone."""
import os
import re

from svodka_test import ADMIN_PASSWORD, Server, check, main


def test(srv):
    c = srv.client()
    check(c.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    users = srv.sql("SELECT count(*) FROM users")
    # Break the database under the running server: every write also writes an audit event.
    srv.sql("ALTER TABLE audit_events RENAME TO audit_events_gone")
    r = c.post("/api/v1/users", json_body={"login": "lost.user", "role": "juror"},
               headers={"X-CSRF-Token": c.csrf})
    check(r.status == 500, "API fault: %d" % r.status)
    err = r.json()["error"]
    check(err["code"] == "internal", "error code")
    m = re.search(r"инцидента ([0-9a-f]{16})", err["message"])
    check(m, "no incident id in %r" % err["message"])
    check(("incident " + m.group(1)) in srv.read_log(), "incident id not in the log")
    for leak in ["SQL", "sqlite", "audit_events", "/", ".c:", "svodka.db"]:
        check(leak not in err["message"], "500 message leaks %r" % leak)
    check(srv.sql("SELECT count(*) FROM users") == users, "user stored although the write failed")

    token = c.csrf_from(c.get("/admin/users").text)
    r = c.post("/admin/users", form={"csrf_token": token, "login": "lost.page", "role": "juror"})
    check(r.status == 500 and "Номер инцидента" in r.text and "Внутренняя ошибка" in r.text, "page 500")
    check("sqlite" not in r.text.lower() and "audit_events" not in r.text, "page 500 leaks internals")
    srv.sql("ALTER TABLE audit_events_gone RENAME TO audit_events")
    check(c.get("/healthz").status == 200, "healthz after repair")

    # A server whose database file vanished before its first request.
    other = Server("test_internal_error_health")
    os.rename(other.db, other.db + ".moved")
    h = other.client().get("/healthz")
    check(h.status == 503, "healthz without a database: %d" % h.status)
    other.stop()


main(test)
