"""Two people edit one report from the same version: the second save answers
409, shows what was typed beside what is stored, and overwrites nothing."""
from report_form import URL, form_fields, post
from svodka_test import COORD_PASSWORD, check, main


def test(srv):
    one, two = srv.client(), srv.client()
    for c in (one, two):
        check(c.login_form("coord", COORD_PASSWORD).status == 303, "sign-in")
    f1 = form_fields(one.get(URL).text)
    f2 = form_fields(two.get(URL).text)
    f1["contact_name"] = ["Первая Ольга"]
    f2["contact_name"] = ["Второй Иван"]
    f2["remarks"] = ["Заметка второго"]
    r = post(one, f1, action="save")
    check(r.status == 303, "first save: %d" % r.status)
    r = post(two, f2, action="save")
    check(r.status == 409, "stale save: %d" % r.status)
    check('data-testid="conflict"' in r.text, "no conflict block")
    check("Второй Иван" in r.text and "Заметка второго" in r.text, "typed input lost")
    check("Первая Ольга" in r.text, "stored version not shown")
    check(srv.sql("SELECT json_extract(data, '$.contact.name') || '|' || version FROM reports JOIN report_data ON report_id = id") == "Первая Ольга|1",
          "stale save overwrote")
    # Saving again from the 409 page (now based on the stored version) is the user's informed choice.
    again = form_fields(r.text)
    r = post(two, again, action="save")
    check(r.status == 303 and srv.sql("SELECT json_extract(data, '$.contact.name') FROM report_data") == "Второй Иван",
          "save after seeing the conflict")


main(test)
