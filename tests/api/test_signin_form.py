"""An admin signs in through the form, sees the campaign and who is signed
in; a new sign-in replaces the old session; signing out ends it."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    c = srv.client()
    home = c.get("/")
    check(home.status == 200, "home %d" % home.status)
    check("Цифровая этика детства" in home.text, "campaign missing on home")
    check("Войти" in home.text, "anonymous header should offer sign-in")

    r = c.login_form("admin", ADMIN_PASSWORD)
    check(r.status == 303 and r.header("Location") == "/", "sign-in: %d %s" % (r.status, r.header("Location")))
    cookie = [v for v in r.headers_all("Set-Cookie") if v.startswith("svodka_session=")]
    check(cookie, "no session cookie")
    check("HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0], "cookie flags: " + cookie[0])
    check("no-store" in (r.header("Cache-Control") or ""), "sign-in answer must not be cached")
    first = c.cookies["svodka_session"]

    home = c.get("/")
    check("администратор" in home.text and "Выйти" in home.text, "header does not show the admin")
    check(home.header("Cache-Control") == "no-store", "signed-in page cacheable")

    page = c.get("/campaigns/charter-2022")
    check(page.status == 200, "campaign page %d" % page.status)
    for want in ["#МояХартия", "8 февраля – 8 марта 2022", "10.03.2022", "vk.com/internetforkids_ru",
                 "t.me/internetforkids_ru", "Размещение внешних баннеров".lower()[:10], "поездка в москву"]:
        check(want.lower() in page.text.lower(), "campaign page lacks %r" % want)
    check(page.text.count("<li>") >= 8, "forms of activity missing")

    # Signing in again gives a new session id and kills the old one.
    r = c.login_form("admin", ADMIN_PASSWORD)
    check(r.status == 303, "second sign-in %d" % r.status)
    second = c.cookies["svodka_session"]
    check(second != first, "session id not renewed")
    old = srv.client()
    old.cookies["svodka_session"] = first
    check(old.get("/admin/users").status == 303, "old session still valid")
    check(srv.sql("SELECT count(*) FROM sessions") == "1", "old session row left behind")

    # Sign out: the session is gone.
    token = c.csrf_from(c.get("/").text)
    r = c.post("/logout", form={"csrf_token": token})
    check(r.status == 303, "logout %d" % r.status)
    check(srv.sql("SELECT count(*) FROM sessions") == "0", "session survives logout")
    check(c.get("/admin/users").status == 303, "admin page reachable after logout")
    actions = srv.sql("SELECT group_concat(action) FROM audit_events WHERE actor_login = 'admin'")
    check("session.create" in actions and "session.delete" in actions, "audit lacks sign-in/out: " + actions)


main(test)
