"""The whole loop of a municipal report: the coordinator adds rows without
JavaScript, saves a draft, submits; the department returns it with a
comment; the coordinator sees the comment, corrects and resubmits; the
department accepts and can reopen. Every step is in the history and the
audit log."""
import re

from report_form import URL, form_fields, post
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

def test(srv):
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    mine = coord.get("/reports")
    check(mine.status == 200 and "Цифровая этика детства" in mine.text and "не начат" in mine.text, "my reports")
    check("срок истёк" in mine.text, "countdown for a campaign of 2022")

    page = coord.get(URL)
    check(page.status == 200 and "Контактное лицо" in page.text, "form: %d" % page.status)
    f = form_fields(page.text)
    f["contact_name"] = ["Ёлкина Анна Сергеевна"]

    # Adding rows posts back and re-renders with everything typed; nothing is stored.
    r = post(coord, f, action="add_activities")
    check(r.status == 200 and "Удалить мероприятие 1" in r.text and "Ёлкина Анна Сергеевна" in r.text, "add row")
    f = form_fields(r.text)
    r = post(coord, f, action="add_organizations")
    f = form_fields(r.text)
    r = post(coord, f, action="add_publications")
    f = form_fields(r.text)
    r = post(coord, f, action="add_activities")
    f = form_fields(r.text)
    check(f["n_activities"] == ["2"], "two activity rows")
    r = post(coord, f, action="remove_activities:1")
    f = form_fields(r.text)
    check(f["n_activities"] == ["1"], "row removed")
    check(srv.sql("SELECT count(*) FROM reports") == "0", "adding rows stored something")

    f.update({"a0_form": ["events-educational"], "a0_date": ["2022-02-15"],
              "a0_title": ["Родительское собрание «Безопасный интернет»"], "a0_audience": ["parents", "teachers"],
              "a0_participants": ["120"], "a0_reach": ["1 500"],
              "a0_links": ["https://vk.com/wall-12345_678\nhttps://t.me/nakhodka_adm/42"],
              "o0_name": ["МБОУ «СОШ № 1» г. Находки"], "o0_kind": ["school"], "o0_inn": ["7707083893"],
              "o0_joined": ["20.02.2022"],
              "p0_url": ["https://ok.ru/group/5566/topic/777"], "p0_date": ["2022-02-16"], "p0_views": ["3 200"],
              "p0_has_hashtag": ["1"]})
    r = post(coord, f, action="save")
    check(r.status == 303, "save draft: %d %s" % (r.status, r.text[-600:]))
    check(srv.sql("SELECT status || '|' || version || '|' || n_activities || '|' || reach FROM reports") ==
          "draft|1|1|1500", "stored draft")
    check(srv.sql("SELECT network FROM report_publications") == "ok", "network recognised")

    page = coord.get(URL + "?done=saved")
    check("Черновик сохранён" in page.text and "МБОУ «СОШ № 1» г. Находки" in page.text, "draft shown again")
    f = form_fields(page.text)
    r = post(coord, f, action="submit")
    check(r.status == 422 and "Должность" in r.text, "incomplete submit: %d" % r.status)
    check(srv.sql("SELECT status FROM reports") == "draft", "incomplete report submitted")

    f.update({"contact_position": ["главный специалист"], "contact_phone": ["8 (4236) 69-22-11"],
              "contact_email": ["Elkina@Nakhodka-City.ru"]})
    r = post(coord, f, action="submit")
    check(r.status == 303, "submit: %d %s" % (r.status, r.text[-800:]))
    row = srv.sql("SELECT status || '|' || late || '|' || (submitted_at > 0) FROM reports")
    check(row == "submitted|1|1", "submitted, late for a 2022 deadline: " + row)
    check(srv.sql("SELECT json_extract(data, '$.contact.phone') FROM report_data") == "+74236692211", "phone normalized")
    first_submit = srv.sql("SELECT submitted_at FROM reports")

    r = post(coord, f, action="save")
    check(r.status == 409 and "отправлен на проверку" in r.text, "save after submit: %d" % r.status)

    admin = srv.client()
    check(admin.login_form("admin", ADMIN_PASSWORD).status == 303, "admin sign-in")
    lst = admin.get("/admin/campaigns/charter-2022/reports")
    check(lst.status == 200 and "на проверке" in lst.text and "Находкинский" in lst.text, "admin list")
    review = admin.get(URL)
    check(review.status == 200 and "Принять отчёт" in review.text and "Родительское собрание" in review.text,
          "review page")
    token = admin.csrf_from(review.text)
    version = srv.sql("SELECT version FROM reports")
    r = admin.post(URL + "/return", form={"csrf_token": token, "version": version, "comment": "  "})
    check(r.status == 422 and "Напишите, что нужно исправить" in r.text, "return without a comment")
    r = admin.post(URL + "/return", form={"csrf_token": token, "version": version,
                                          "comment": "Укажите охват публикации и дату присоединения школы."})
    check(r.status == 303, "return: %d" % r.status)
    check(srv.sql("SELECT status FROM reports") == "returned", "returned")

    mine = coord.get("/reports")
    check("Укажите охват публикации" in mine.text and "возвращён на доработку" in mine.text, "comment on my reports")
    page = coord.get(URL)
    check("Укажите охват публикации" in page.text, "comment on the form")
    f = form_fields(page.text)
    f["p0_views"] = ["4 100"]
    r = post(coord, f, action="submit")
    check(r.status == 303, "resubmit: %d" % r.status)
    check(srv.sql("SELECT status || '|' || submitted_at FROM reports") == "submitted|" + first_submit,
          "resubmission kept the first submission time")

    version = srv.sql("SELECT version FROM reports")
    r = admin.post(URL + "/accept", form={"csrf_token": token, "version": version})
    check(r.status == 303 and srv.sql("SELECT status FROM reports") == "accepted", "accept")
    check("принят" in coord.get(URL).text.lower(), "coordinator sees accepted")
    r = admin.post(URL + "/reopen", form={"csrf_token": token, "version": str(int(version) + 1), "comment": ""})
    check(r.status == 422, "reopen without a reason")
    r = admin.post(URL + "/reopen", form={"csrf_token": token, "version": str(int(version) + 1),
                                          "comment": "Уточнить число участников."})
    check(r.status == 303 and srv.sql("SELECT status FROM reports") == "returned", "reopen")

    hist = admin.get(URL + "/history")
    check(hist.status == 200, "history page")
    n = len(re.findall('data-testid="history-entry"', hist.text))
    check(n == int(srv.sql("SELECT count(*) FROM report_history")) and n >= 6, "history entries: %d" % n)
    for words in ["возвращён на доработку", "Укажите охват публикации", "принят", "открыт повторно",
                  "Публикация 1, Просмотры", "3200", "4100"]:
        check(words in hist.text, "history lacks %r" % words)
    actions = srv.sql("SELECT group_concat(action, ' ') FROM audit_events WHERE entity = 'report'")
    for a in ["report.save", "report.submit", "report.return", "report.accept", "report.reopen"]:
        check(a in actions, "audit lacks " + a)

    api = srv.client()
    api.login_api("coord", COORD_PASSWORD)
    r = api.get("/api/v1" + URL)
    check(r.status == 200 and r.json()["report"]["status"] == "returned", "API get")
    data = r.json()["report"]["data"]
    r = api.request("PUT", "/api/v1" + URL, headers={"X-CSRF-Token": api.csrf},
                    json_body={"version": 1, "data": data})
    check(r.status == 409 and r.json()["error"]["code"] == "conflict" and r.json()["error"]["current"]["version"] > 1,
          "API stale save: %d" % r.status)


main(test)
