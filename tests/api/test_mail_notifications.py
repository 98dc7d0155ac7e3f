"""Every change of a report's state is mailed through the outbox to a real
SMTP sink: the coordinator submits → the department's review mailbox
(--notify-to) gets it; the department returns it with a comment → the
municipality's e-mail and the report's contact person get the comment and
the link; it accepts → the same addresses. Subjects are decoded from RFC
2047 words, bodies from base64, links use --public-url. A save sends
nothing, and a mail exists only when its change was committed (a refused
transition queues nothing)."""

from smtp_sink import body, recipients
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

API = "/api/v1/campaigns/charter-2022/reports/nakhodka"
LINK = "https://svodka.example.ru/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна", "position": "главный специалист", "phone": "8 (4236) 69-22-11",
                    "email": "Elkina@Nakhodka-City.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии", "participants": 10,
                        "reach": 100}],
        "organizations": [], "publications": []}


def test(srv, sink):
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    r = admin.request("PUT", "/api/v1/org-units/nakhodka", headers={"X-CSRF-Token": admin.csrf},
                      json_body={"name": "Находкинский городской округ", "kind": "urban_okrug", "version": 1,
                                 "head": "Магинский Тимур Викторович", "email": "adm@nakhodka-city.ru"})
    check(r.status == 200, "org unit e-mail: %d %s" % (r.status, r.text[:300]))

    c = srv.client()
    check(c.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = c.request("PUT", API, headers={"X-CSRF-Token": c.csrf}, json_body={"version": 0, "data": DATA})
    check(r.status == 200, "save: %d %s" % (r.status, r.text[:400]))
    version = r.json()["report"]["version"]
    check(srv.sql("SELECT count(*) FROM mail_outbox") == "0", "a draft save queued mail")

    # An admin cannot accept a draft: refused, and nothing is queued.
    r = admin.post(API + "/accept", headers={"X-CSRF-Token": admin.csrf}, json_body={"version": version})
    check(r.status == 409, "accept a draft: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM mail_outbox") == "0", "a refused transition queued mail")

    r = c.post(API + "/submit", headers={"X-CSRF-Token": c.csrf}, json_body={"version": version})
    check(r.status == 200, "submit: %d %s" % (r.status, r.text[:600]))
    version = r.json()["report"]["version"]
    msgs = sink.wait_for(1)
    m = msgs[0]
    check(recipients(m) == ["review@primorsky.example"], "submitted → reviewers: %s" % recipients(m))
    check(m["To"].addresses[0].addr_spec == "review@primorsky.example", "To: %s" % m["To"])
    check(m["From"].addresses[0].addr_spec == "svodka@primorsky.example", "From: %s" % m["From"])
    check(m["From"].addresses[0].display_name == "Сводка", "From name: %r" % m["From"].addresses[0].display_name)
    check(str(m["Subject"]) == "Отчёт на проверку: Находкинский городской округ — «Цифровая этика детства»",
          "subject: %r" % str(m["Subject"]))
    raw = sink.raw(0)
    check("\r\nSubject: =?UTF-8?B?" in raw.decode("ascii"), "subject not RFC 2047 encoded (or not ASCII)")
    check("Content-Transfer-Encoding: base64" in raw.decode("ascii"), "body not base64")
    text = body(m)
    check(LINK in text, "link in the body: %s" % text)
    check("после срока" in text, "a 2022 report is late: %s" % text)
    check(m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8", "content type")
    check(m["Message-ID"] and m["Date"] and m["MIME-Version"] == "1.0", "headers")

    comment = "Добавьте ссылки на публикации в соцсетях, пожалуйста."
    r = admin.post(API + "/return", headers={"X-CSRF-Token": admin.csrf},
                   json_body={"version": version, "comment": comment})
    check(r.status == 200, "return: %d %s" % (r.status, r.text[:300]))
    version = r.json()["report"]["version"]
    msgs = sink.wait_for(3)
    returned = msgs[1:3]
    got = sorted(recipients(x)[0] for x in returned)
    check(got == ["Elkina@nakhodka-city.ru", "adm@nakhodka-city.ru"], "returned → municipality: %s" % got)
    for x in returned:
        check(str(x["Subject"]) == "Отчёт возвращён на доработку — «Цифровая этика детства»",
              "subject: %r" % str(x["Subject"]))
        t = body(x)
        check(comment in t and LINK in t and "Находкинский городской округ" in t, "returned body: %s" % t)

    r = c.post(API + "/submit", headers={"X-CSRF-Token": c.csrf}, json_body={"version": version})
    check(r.status == 200, "resubmit: %d %s" % (r.status, r.text[:300]))
    version = r.json()["report"]["version"]
    sink.wait_for(4)
    r = admin.post(API + "/accept", headers={"X-CSRF-Token": admin.csrf}, json_body={"version": version})
    check(r.status == 200, "accept: %d %s" % (r.status, r.text[:300]))
    msgs = sink.wait_for(6)
    accepted = msgs[4:6]
    check(sorted(recipients(x)[0] for x in accepted) == ["Elkina@nakhodka-city.ru", "adm@nakhodka-city.ru"],
          "accepted → municipality")
    for x in accepted:
        check(str(x["Subject"]) == "Отчёт принят — «Цифровая этика детства»", "subject: %r" % str(x["Subject"]))
        check(LINK in body(x), "accepted link")

    # The outbox shows them all as sent, as JSON and as a page.
    r = admin.get("/api/v1/mail")
    check(r.status == 200, "outbox: %d" % r.status)
    j = r.json()
    check(j["counts"]["sent"] == 6 and j["counts"]["queued"] == 0 and j["total"] == 6, "counts: %s" % j["counts"])
    check(all(x["kind"] == "notification" and x["campaign"] == "charter-2022" for x in j["mails"]), "kinds")
    check(j["sending"] is True, "sending flag")
    page = admin.get("/admin/mail")
    check(page.status == 200 and "Отчёт принят" in page.text and "отправлено" in page.text, "outbox page")
    r = admin.get("/api/v1/mail?status=bogus")
    check(r.status == 422 and r.json()["error"]["field"] == "status", "bad status filter: %d" % r.status)
    # Only admins see the outbox.
    check(c.get("/api/v1/mail").status == 403, "coordinator reads the outbox")


main(test, mail_env={"SVODKA_NOTIFY_TO": "review@primorsky.example", "SVODKA_PUBLIC_URL": "https://svodka.example.ru/"})
