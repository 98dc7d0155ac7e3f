"""A summary export filter the server does not know is a 400 naming the
value, never a crash: a long Cyrillic status or kind (quoted cut on a
character boundary, so the answer stays UTF-8) and bytes that are not UTF-8
at all (%FF%FE: the value is not quoted). Nothing is stored, and the server
answers the next request."""
import urllib.parse

from svodka_test import ADMIN_PASSWORD, check, main

API = "/api/v1/campaigns/charter-2022/summary.csv"


def test(srv):
    a = srv.client()
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    stored = srv.sql("SELECT count(*) FROM reports")
    for field, word in (("status", "статус отчёта"), ("kind", "вид муниципального образования")):
        r = a.get("%s?%s=%s" % (API, field, urllib.parse.quote("Ж" * 40)))
        check(r.status == 400, "%s of 40 Cyrillic letters: %d" % (field, r.status))
        err = r.json()["error"]
        check(err["field"] == field and word in err["message"], "message: %r" % err)
        check(("«%s»" % ("Ж" * 31)) in err["message"], "the value cut on a character boundary: %r" % err)
        r = a.get("%s?%s=%%FF%%FE" % (API, field))
        check(r.status == 400, "%s not UTF-8: %d" % (field, r.status))
        err = r.json()["error"]
        check(err["field"] == field and word in err["message"] and "«?»" in err["message"],
              "message for bytes: %r" % err)
        page = srv.client()
        check(page.login_form("admin", ADMIN_PASSWORD).status == 303, "page sign-in")
        r = page.get("/admin/campaigns/charter-2022/summary.csv?%s=%%FF" % field)
        check(r.status == 400 and word in r.text, "page, not UTF-8: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM reports") == stored, "a report was stored")
    check(a.get("/api/v1/org-units").status == 200, "the server is still alive")


main(test)
