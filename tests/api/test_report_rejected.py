"""Bad values in the report form are refused with a message beside the
field, the form keeps everything typed, and nothing is stored."""
from report_form import URL, form_fields, post
from svodka_test import COORD_PASSWORD, check, main

BASE = {"contact_name": ["Ёлкина Анна"], "contact_position": ["специалист"],
        "contact_phone": ["8 (423) 222-22-22"], "contact_email": ["a@mail.ru"],
        "n_activities": ["1"], "a0_id": ["r1"], "a0_form": ["posts"], "a0_date": ["2022-02-20"],
        "a0_title": ["Пост о Хартии"], "a0_participants": ["10"], "a0_reach": ["100"],
        "n_organizations": ["1"], "o0_id": ["o1"], "o0_name": ["Детский сад № 5"], "o0_kind": ["kindergarten"],
        "o0_joined": ["2022-02-21"], "n_publications": ["0"]}

CASES = [
    ({"o0_inn": ["2540000001"]}, "контрольная цифра"),
    ({"contact_phone": ["12345"]}, "Телефон"),
    ({"a0_date": ["2021-12-31"]}, "вне периода"),
    ({"a0_date": ["31.02.2022"]}, "Дата"),
    ({"a0_links": ["javascript:alert(1)"]}, "Ссылк"),
    ({"a0_participants": ["12,5"]}, "целое"),
    ({"a0_reach": ["-5"]}, "Охват"),
    ({"a0_form": ["no-such-form"]}, "Форма"),
    ({"contact_email": ["не почта"]}, "почт"),
    ({"o0_kind": ["spaceship"]}, "Тип"),
]


def test(srv):
    c = srv.client()
    check(c.login_form("coord", COORD_PASSWORD).status == 303, "sign-in")
    f = form_fields(c.get(URL).text)
    for change, words in CASES:
        fields = dict(f, **BASE)
        fields.update(change)
        for action in ("save", "submit"):
            r = post(c, fields, action=action)
            check(r.status == 422, "%s %r: %d" % (action, change, r.status))
            check(words in r.text, "%s %r: message with %r missing" % (action, change, words))
            check('aria-invalid="true"' in r.text, "%r: field not marked" % change)
            check("Детский сад № 5" in r.text and "Ёлкина Анна" in r.text, "%r: typed input lost" % change)
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a rejected report was stored")
    # A valid draft with a warning (reach below participants) is saved.
    fields = dict(f, **BASE)
    fields.update({"a0_participants": ["500"], "a0_reach": ["100"]})
    r = post(c, fields, action="save")
    check(r.status == 303, "draft with a warning: %d" % r.status)


main(test)
