"""A juror signs in and has nothing to score yet: every link on every page a
juror can reach must open (no 403 behind a link, as «Отчёты муниципалитетов»
on /reports used to be), the menu leads to the jury's page, which says that
the jury's work will appear there, and /reports sends a juror to it. Nobody
else reaches /jury."""
import re

from svodka_test import COORD_PASSWORD, check, main, run_cli

JUROR_PASSWORD = "пароль члена жюри конкурса"


def crawl(c, start):
    seen, todo, statuses = set(), list(start), {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        r = c.get(path)
        if r.status == 303:
            loc = r.header("Location")
            statuses[path] = (303, loc)
            todo.append(loc)
            continue
        statuses[path] = (r.status, None)
        if r.status == 200 and "text/html" in (r.header("Content-Type") or ""):
            for href in re.findall(r'href="(/[^"#]*)"', r.text):
                href = href.replace("&amp;", "&")
                if not href.startswith("/static/") and href not in seen:
                    todo.append(href)
    return statuses


def test(srv):
    rc, out, err = run_cli("user", "add", "--login", "jury", "--role", "juror", "--name", "Ирина Судейская",
                           db=srv.db, stdin=JUROR_PASSWORD + "\n")
    check(rc == 0, "juror added: %s %s" % (out, err))
    c = srv.client()
    check(c.login_form("jury", JUROR_PASSWORD).status == 303, "juror signs in")

    home = c.get("/")
    check('href="/jury"' in home.text, "a juror's menu has no link to the jury page")
    r = c.get("/reports")
    check(r.status == 303 and r.header("Location") == "/jury", "/reports for a juror: %d %s" %
          (r.status, r.header("Location")))
    jury = c.get("/jury")
    check(jury.status == 200, "/jury: %d" % jury.status)
    check("Работа жюри" in jury.text and "Сейчас оценивать нечего" in jury.text, "jury page text")
    check("Выйти" in jury.text and "Войти" not in jury.text, "jury page shows the juror signed in")
    api = c.get("/api/v1/jury")
    check(api.status == 200 and api.json()["entries"] == [], "/api/v1/jury: %d %s" % (api.status, api.text))

    statuses = crawl(c, ["/", "/reports", "/jury"])
    bad = {p: s for p, s in statuses.items() if s[0] not in (200, 303)}
    check(not bad, "a juror reaches links that do not open: %s" % bad)
    check(len(statuses) >= 4, "crawl too small: %s" % statuses)

    # Nobody else: anonymous visitors sign in first, a coordinator is refused.
    anon = srv.client()
    r = anon.get("/jury")
    check(r.status == 303 and r.header("Location").startswith("/login"), "anonymous /jury: %d" % r.status)
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator signs in")
    r = coord.get("/jury")
    check(r.status == 403, "coordinator /jury: %d" % r.status)
    check('href="/jury"' not in coord.get("/").text, "a coordinator's menu links to /jury")


main(test)
