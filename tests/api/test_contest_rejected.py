"""Every refusal of a contest entry names what is wrong in Russian and
stores nothing (no entry, no mail, no audit event): the honeypot, a form
token too fresh, forged or missing, a closed window, each bad field (with
its dotted name), the same video again under another address of it, a
body over the limit, a wrong content type; and the rate limits answer 429
with Retry-After — per address (serve --contest-address-limit) and per
contact e-mail (10 a day)."""
import json
import os

from contest_fixture import BASE, CLOCK, MINOR, TEEN, entry, form_token
from svodka_test import OUT, Server, check

COUNTS = ("SELECT (SELECT count(*) FROM contest_entries) || ' ' || (SELECT count(*) FROM mail_outbox) "
          "|| ' ' || (SELECT count(*) FROM audit_events WHERE action LIKE 'contest.%')")


def refused(srv, c, body, status, code, field=None, words=(), raw=None, headers=None):
    before = srv.sql(COUNTS)
    if raw is not None:
        r = c.post(BASE + "/entries", body=raw, headers=headers or {"Content-Type": "application/json"})
    else:
        r = c.post(BASE + "/entries", json_body=body)
    check(r.status == status, "%s: status %d, not %d: %s" % (code, r.status, status, r.text[:400]))
    if status != 413:
        err = r.json()["error"]
        check(err["code"] == code, "code %s, not %s" % (err["code"], code))
        check(field is None or err.get("field") == field, "field %s, not %s" % (err.get("field"), field))
        for w in words:
            check(w in err["message"], "%s: «%s» not in «%s»" % (code, w, err["message"]))
    check(srv.sql(COUNTS) == before, "%s: something was stored (%s → %s)" % (code, before, srv.sql(COUNTS)))
    return r


def test(srv):
    c = srv.client()
    token = form_token(c, wait=False)
    refused(srv, c, entry(MINOR, token), 422, "form_token", "form_token", ["секунд"])
    refused(srv, c, entry(MINOR, token[:-1] + ("0" if token[-1] != "0" else "1")), 422, "form_token", "form_token")
    refused(srv, c, entry(MINOR, ""), 422, "form_token", "form_token")
    token = form_token(c)
    refused(srv, c, entry(MINOR, token, website="http://spam.example"), 422, "rejected")
    bad = [
        ({"author": {"full_name": "", "birth_date": "2012-04-01"}}, "author.full_name", ["Фамилия и имя автора"]),
        ({"author": {"full_name": "Ёлкина Мария", "birth_date": "2012-02-30"}}, "author.birth_date", ["Дата рождения"]),
        ({"author": {"full_name": "Ёлкина Мария", "birth_date": "2016-01-01"}}, "author.birth_date", ["7"]),
        ({"author": {"full_name": "Ёлкина Мария", "birth_date": "2003-01-01"}}, "author.birth_date", ["17"]),
        ({"org_unit": "atlantis"}, "org_unit", []),
        ({"video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}, "video_url", ["TikTok"]),
        ({"video_url": "https://www.tiktok.com/@masha"}, "video_url", ["один ролик"]),
        ({"video_url": "https://tiktok.com.evil.example/@a/video/1"}, "video_url", []),
        ({"caption": "просто ролик #хартия"}, "caption", ["#ХартияПриморье", "#цифроваяэтикадетства"]),
        ({"caption": "#хартия #XартияПриморье #цифроваяэтикадетства"}, "caption", ["латинская"]),
        ({"title": "Я" * 201}, "title", ["Название"]),
        ({"guardian": None}, "guardian.full_name", []),
        ({"guardian": dict(MINOR["guardian"], email="не почта")}, "guardian.email", ["имя@домен"]),
        ({"guardian": dict(MINOR["guardian"], phone="12")}, "guardian.phone", []),
        ({"consents": {"processing": False, "publication": True}}, "consents.processing", ["обработку"]),
    ]
    for change, field, words in bad:
        refused(srv, c, entry(MINOR, token, **change), 422, "invalid", field, words)
    refused(srv, c, entry(TEEN, token, consents={"processing": True, "publication": False}), 422, "invalid",
            "consents.child", [])
    refused(srv, c, None, 400, "invalid_json", raw=b"[1, 2]")
    r = c.post(BASE + "/entries", body=json.dumps(entry(MINOR, token)).encode(), headers={"Content-Type": "text/plain"})
    check(r.status == 415, "a wrong content type: %d" % r.status)
    refused(srv, c, None, 413, "too_large", raw=json.dumps(entry(MINOR, token, description="я" * 70000)).encode())

    # The same video through another address of it: 409, nothing stored.
    r = c.post(BASE + "/entries", json_body=entry(MINOR, token))
    check(r.status == 201, "first entry: %d %s" % (r.status, r.text[:300]))
    refused(srv, c, entry(MINOR, token, video_url="http://m.tiktok.com/@Masha/video/7062947386237650101?is_from_webapp=1&_r=1#x",
                          author={"full_name": "Другой Ребёнок Иванович", "birth_date": "2011-01-01"}),
            409, "duplicate", "video_url", ["уже подан"])

    # Per contact e-mail: 10 a day, the 11th is refused.
    for i in range(9):
        r = c.post(BASE + "/entries", json_body=entry(MINOR, token, video_url="https://yappy.media/v/Contact%d" % i))
        check(r.status == 201, "entry %d: %d %s" % (i, r.status, r.text[:300]))
    r = refused(srv, c, entry(MINOR, token, video_url="https://yappy.media/v/Contact10"), 429, "too_many_entries",
                None, ["заяв"])
    check(r.header("Retry-After") is not None and int(r.header("Retry-After")) > 0, "Retry-After: %s" % r.header("Retry-After"))


def test_address_limit(srv):
    c = srv.client()
    token = form_token(c)
    for i in range(2):
        r = c.post(BASE + "/entries", json_body=entry(TEEN, token, video_url="https://yappy.media/v/Addr%d" % i,
                                                      guardian=dict(TEEN["guardian"], email="g%d@example.ru" % i)))
        check(r.status == 201, "entry %d: %d %s" % (i, r.status, r.text[:300]))
    r = refused(srv, c, entry(TEEN, token, video_url="https://yappy.media/v/Addr9",
                              guardian=dict(TEEN["guardian"], email="g9@example.ru")), 429, "too_many_entries",
                None, ["слишком много"])
    check(int(r.header("Retry-After")) > 0, "Retry-After on the address limit")


def test_closed(srv):
    c = srv.client()
    r = c.get(BASE)
    check(r.status == 200 and r.json()["window"] == "closed" and "form_token" not in r.json(),
          "after the window: no form token: %s" % r.text[:300])
    page = c.get("/campaigns/charter-2022/contest")
    check(page.status == 200 and 'name="form_token"' not in page.text and "Приём заявок завершён" in page.text,
          "the page has no form after the window")
    refused(srv, c, entry(MINOR, "t1.1.00000000000000000000000000000000.x"), 422, "closed", None, ["08.03.2022"])


def run():
    os.makedirs(OUT, exist_ok=True)
    for name, args, fn in (("test_contest_rejected", ["--clock", CLOCK], test),
                           ("test_contest_rejected-addr", ["--clock", CLOCK, "--contest-address-limit", "2"],
                            test_address_limit),
                           ("test_contest_rejected-closed", ["--clock", "2022-03-09T00:00:01+10:00"], test_closed)):
        srv = Server(name, args=args)
        try:
            fn(srv)
            srv.stop()
        except Exception:
            if srv.proc.poll() is None:
                srv.proc.kill()
            print(srv.read_log()[-3000:])
            raise
    print("ok test_contest_rejected")


run()
