"""A JSON body that does not parse is answered 400 invalid_json in Russian
with the line and column: never jansson's own English («without
JSON_ALLOW_NUL», «duplicate object key»). Nothing is stored."""
import re

from report_form import URL
from svodka_test import COORD_PASSWORD, check, main

ENGLISH = re.compile(r"[A-Za-z]{4,}")


def test(srv):
    api = srv.client()
    check(api.login_api("coord", COORD_PASSWORD).status == 200, "API sign-in")
    audit = srv.sql("SELECT count(*) FROM audit_events")
    cases = [
        (b'{"version": 0, "data": {"remarks": "a\\u0000b"}}', "в строке нулевой символ", "строка 1, позиция"),
        (b'{"version": 0,\n "version": 1}', "поле повторяется", "строка 2, позиция"),
        (b'{"version": 0, "data": {', "JSON не закончен", "строка 1, позиция"),
        (b'{"version": 0} []', "после JSON лишние символы", "строка 1, позиция"),
        (b'{"version": 0, "data": {"remarks": "\xff"}}', "не в кодировке UTF-8", "строка 1, позиция"),
        (b'{"version": 0, "data": nope}', "синтаксическая ошибка", "строка 1, позиция"),
    ]
    for body, words, where in cases:
        r = api.request("PUT", "/api/v1" + URL, body=body,
                        headers={"X-CSRF-Token": api.csrf, "Content-Type": "application/json"})
        check(r.status == 400, "%r: %d" % (body, r.status))
        err = r.json()["error"]
        msg = err["message"]
        check(err["code"] == "invalid_json" and msg.startswith("Тело запроса — не JSON: "), "%r: %r" % (body, msg))
        check(words in msg and where in msg, "%r: %r lacks %r / %r" % (body, msg, words, where))
        check(not ENGLISH.search(msg.replace("JSON", "")), "%r: English in %r" % (body, msg))
    # Sign-in goes through the same parser.
    r = srv.client().post("/api/v1/session", body=b'{"login": "coord\\u0000", "password": "x"}',
                          headers={"Content-Type": "application/json"})
    check(r.status == 400 and "в строке нулевой символ" in r.json()["error"]["message"], "sign-in NUL: %r" % r.body)
    check("JSON_ALLOW_NUL" not in r.text, "jansson's words in the sign-in answer")
    check(srv.sql("SELECT count(*) FROM reports") == "0", "a refused body stored a report")
    check(srv.sql("SELECT count(*) FROM audit_events") == audit, "a refused body wrote an audit event")


main(test)
