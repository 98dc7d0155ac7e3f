"""Length messages count what they say. A description of «ё✈️» ×3400 is
10 200 code points but 6 800 characters: the form refuses it with «не
длиннее 5000 символов (сейчас 6800)». A link of 1 114 Cyrillic letters is
over the URL limit of 2000 bytes, and the message says «байт». Both keep
what was typed and store nothing."""
from report_form import URL, form_fields, post
from svodka_test import COORD_PASSWORD, check, main

BASE = {"contact_name": ["Ёлкина Анна"], "contact_position": ["специалист"],
        "contact_phone": ["8 (423) 222-22-22"], "contact_email": ["a@mail.ru"],
        "n_activities": ["1"], "a0_id": ["r1"], "a0_form": ["posts"], "a0_date": ["2022-02-20"],
        "a0_title": ["Пост о Хартии"], "a0_participants": ["10"], "a0_reach": ["100"],
        "n_organizations": ["0"], "n_publications": ["0"]}


def test(srv):
    c = srv.client()
    check(c.login_form("coord", COORD_PASSWORD).status == 303, "sign-in")
    f = form_fields(c.get(URL).text)
    cases = [
        ({"a0_description": ["ё✈️" * 3400]}, "не длиннее 5000 символов (сейчас 6800)"),
        ({"a0_links": ["https://vk.com/" + "ж" * 1114]}, "адрес длиннее 2000 байт"),
        ({"a0_links": ["https://vk.com/wall?q=" + "ж" * 1114]}, "адрес длиннее 2000 байт"),
    ]
    for change, words in cases:
        fields = dict(f, **BASE)
        fields.update(change)
        r = post(c, fields, action="save")
        check(r.status == 422, "%s: %d" % (words, r.status))
        check(words in r.text, "message %r missing" % words)
        check("10200" not in r.text and "10 200" not in r.text, "code points reported")
        check("Ёлкина Анна" in r.text, "typed input lost")
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a rejected report was stored")


main(test)
