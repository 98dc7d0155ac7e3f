"""A municipality renamed to a long Cyrillic name (280 letters, and the
maximum of 300, 600 bytes) must not stop the server when a CSV import names
it: the dry run and the commit answer properly, and the refusal of a
submitted report quotes the whole name. Once the report is submitted, a
dry run answers 200 with the refusal and a commit answers 422 and stores
nothing. A name of 301 letters is refused by the org unit API and not
stored. The server stays alive throughout."""
from svodka_test import ADMIN_PASSWORD, check, main

SLUG = "charter-2022"
API = "/api/v1/campaigns/%s/import" % SLUG
HEADER = "Муниципальное образование;Форма мероприятия;Дата;Название;Участники;Охват"


def csv(*rows):
    return ("\r\n".join((HEADER,) + rows) + "\r\n").encode("utf-8")


def long_name(n):
    # Letters only, 2 bytes each in UTF-8; ends in a word the message must keep.
    tail = " округ"
    return "Ж" * (n - len(tail)) + tail


def test(srv):
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    hdr = {"X-CSRF-Token": api.csrf, "Content-Type": "text/csv"}

    # 301 letters: refused with the message, nothing stored.
    before = srv.sql("SELECT name || version FROM org_units WHERE code='artem'")
    r = api.request("PUT", "/api/v1/org-units/artem", headers={"X-CSRF-Token": api.csrf},
                    json_body={"name": long_name(301), "kind": "urban_okrug", "version": 1})
    check(r.status == 422 and r.json()["error"]["field"] == "name", "301 letters: %d %s" % (r.status, r.text))
    check("не более 300 символов" in r.json()["error"]["message"], "301 letters message: %s" % r.text)
    check(srv.sql("SELECT name || version FROM org_units WHERE code='artem'") == before, "301 letters stored")

    for code, n in (("nakhodka", 280), ("artem", 300)):
        name = long_name(n)
        check(len(name) == n and len(name.encode()) > 512, "test name size")
        r = api.request("PUT", "/api/v1/org-units/%s" % code, headers={"X-CSRF-Token": api.csrf},
                        json_body={"name": name, "kind": "urban_okrug", "version": 1})
        check(r.status == 200, "rename %s to %d letters: %d %s" % (code, n, r.status, r.text[:200]))
        check(srv.sql("SELECT name FROM org_units WHERE code='%s'" % code) == name, "name stored")

        body = csv("%s;1;10.02.2022;Урок" % name)
        r = api.post(API, body=body, headers=hdr)
        check(r.status == 200, "dry run by a %d-letter name: %d %s" % (n, r.status, r.text[:300]))
        j = r.json()
        check(j["errors"] == 0 and [m["org_unit"] for m in j["municipalities"]] == [code],
              "dry run found the municipality: %s" % j)
        check(j["municipalities"][0]["name"] == name, "full name in the summary")
        r = api.post(API + "?commit=1", body=body, headers=hdr)
        check(r.status == 200 and r.json()["committed"] is True, "commit: %d %s" % (r.status, r.text[:300]))
        check(srv.sql("SELECT status FROM reports WHERE org_unit='%s'" % code) == "draft", "draft stored")

        # Submitted: the refusal quotes the whole name; nothing changes.
        srv.sql("UPDATE reports SET status='submitted' WHERE org_unit='%s'" % code)
        stored = srv.sql("SELECT r.version || d.data FROM reports r JOIN report_data d "
                         "ON d.report_id = r.id WHERE r.org_unit='%s'" % code)
        audits = srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'")
        again = csv("%s;2;12.02.2022;Пост" % name)
        r = api.post(API, body=again, headers=hdr)
        check(r.status == 200, "dry run over a submitted report (%d letters): %d" % (n, r.status))
        j = r.json()
        check(j["municipalities"][0]["action"] == "refused", "refused: %s" % j["municipalities"])
        msgs = [i["message"] for i in j["issues"]]
        check(len(msgs) == 1 and ("отчёт «%s» уже на проверке" % name) in msgs[0],
              "the refusal quotes the whole name: %s" % msgs)
        r = api.post(API + "?commit=1", body=again, headers=hdr)
        check(r.status == 422, "commit over a submitted report: %d" % r.status)
        check(("«%s»" % name) in r.json()["issues"][0]["message"], "422 quotes the whole name")
        check(srv.sql("SELECT r.version || d.data FROM reports r JOIN report_data d "
                      "ON d.report_id = r.id WHERE r.org_unit='%s'" % code) == stored, "report changed")
        check(srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'") == audits,
              "audit event written")

    check(api.get("/api/v1/org-units").status == 200, "the server is still alive")


main(test)
