"""Wrong password and unknown login get the same answer, no session, and
are throttled; the password never reaches the log."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    wrong = c.login_form("admin", "not the password at all")
    check(wrong.status == 401, "wrong password %d" % wrong.status)
    check("Неверный логин или пароль." in wrong.text, "message for a wrong password")
    check('value="admin"' in wrong.text, "typed login not kept")
    unknown = c.login_form("nobody", "not the password at all")
    check(unknown.status == 401 and "Неверный логин или пароль." in unknown.text, "unknown login differs")
    check("svodka_session" not in c.cookies, "a session cookie after failure")
    check(srv.sql("SELECT count(*) FROM sessions") == "0", "session stored after failure")

    api = srv.client()
    r = api.post("/api/v1/session", json_body={"login": "admin", "password": "wrong wrong wrong"})
    check(r.status == 401 and r.json()["error"]["code"] == "invalid_credentials", "API wrong password")

    # Five failures for one login block it, even with the right password.
    for _ in range(3):
        c.login_form("admin", "still not the password")
    blocked = c.login_form("admin", ADMIN_PASSWORD)
    check(blocked.status == 429, "throttle did not engage: %d" % blocked.status)
    check("Слишком много неудачных попыток" in blocked.text, "throttle message")
    check(blocked.header("Retry-After") is not None, "no Retry-After")
    check(srv.sql("SELECT count(*) FROM sessions") == "0", "session stored while throttled")

    log = srv.read_log()
    for secret in ["not the password at all", ADMIN_PASSWORD, "wrong wrong wrong"]:
        check(secret not in log, "a password reached the log")


main(test)
