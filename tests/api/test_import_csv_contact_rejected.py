"""The CSV import checks the contact of every row of a municipality with
the form's rule, not only the first: a later row's phone «12345» (and a
later bad e-mail) is an error naming its line and column, the dry run says
so, and a commit answers 422 and stores nothing."""
from svodka_test import ADMIN_PASSWORD, check, main

API = "/api/v1/campaigns/charter-2022/import"
HEADER = "Муниципальное образование;Телефон;Эл. почта;Форма мероприятия;Дата;Название"


def csv(*rows):
    return ("\r\n".join((HEADER,) + rows) + "\r\n").encode("utf-8")


def test(srv):
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    hdr = {"X-CSRF-Token": api.csrf, "Content-Type": "text/csv"}
    body = csv("nakhodka;8 (4236) 69-22-10;iv@mail.ru;1;10.02.2022;Урок",
               "nakhodka;12345;;2;11.02.2022;Пост",
               "nakhodka;;нет;2;12.02.2022;Ещё пост")
    r = api.post(API, body=body, headers=hdr)
    check(r.status == 200, "dry run: %d %s" % (r.status, r.text[:300]))
    j = r.json()
    check(j["errors"] == 2, "two errors: %s" % j["issues"])
    msgs = {(i["line"], i["column"]): i for i in j["issues"]}
    check((3, "Телефон") in msgs and msgs[(3, "Телефон")]["level"] == "error", "phone error: %s" % j["issues"])
    check(msgs[(3, "Телефон")]["message"].startswith("Строка 3, столбец «Телефон»: "), "phone message")
    check(msgs[(4, "Эл. почта")]["message"] ==
          "Строка 4, столбец «Эл. почта»: неверный адрес электронной почты; например ivanova@mail.ru",
          "e-mail message: %s" % j["issues"])
    check(not any("отличается" in i["message"] for i in j["issues"]), "no 'differs' warning for a bad value")
    r = api.post(API + "?commit=1", body=body, headers=hdr)
    check(r.status == 422 and r.json()["committed"] is False, "commit: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a report was stored")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'") == "0", "audit event")


main(test)
