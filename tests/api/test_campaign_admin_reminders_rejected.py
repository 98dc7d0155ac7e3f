"""Automatic reminders the campaign form must refuse: a day count that is no
whole number, out of 1–60, repeated, or more than ten of them. Each answer
is 422 with the reason beside «Напомнить за N дней до срока», what was typed
kept, and nothing stored."""
import re

from campaign_form import Form, post_form
from svodka_test import ADMIN_PASSWORD, check, main

EDIT = "/admin/campaigns/charter-2022"


def test(srv):
    def stored():
        return srv.sql("SELECT version || ':' || doc FROM campaigns WHERE slug = 'charter-2022'")

    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    page = c.get(EDIT).text
    before = stored()

    def refused(days, words):
        form = Form(page, EDIT).set("remind_days", days)
        r = post_form(c, EDIT, form)
        check(r.status == 422, "%r: status %d: %s" % (days, r.status, r.text[:1500]))
        check(words in r.text, "%r: %s missing in:\n%s" % (days, words, r.text[:6000]))
        check(re.search(r'name="remind_days"[^>]*aria-invalid="true"', r.text), "%r: field not marked" % days)
        check("Напомнить за N дней до срока" in r.text, "%r: the message names the field" % days)
        check(Form(r.text, EDIT).get("remind_days") == days, "%r: typed value lost" % days)
        check(stored() == before, "%r: something was stored" % days)

    refused("3, x", "целые числа дней от 1 до 60")
    refused("-1", "целые числа дней от 1 до 60")
    refused("2.5", "целые числа дней от 1 до 60")
    refused("99999999999999999999999", "целые числа дней от 1 до 60")
    refused("0", "от 1 до 60")
    refused("61", "от 1 до 60")
    refused("3, 1, 3", "уже указано")
    refused(", ".join(str(i) for i in range(1, 12)), "не больше 10")


main(test)
