"""The CSV import refuses what it must, says why in Russian naming line and
column, and stores nothing: an unknown municipality, a bad date, a date
outside the campaign period (found by the report rules and mapped back to
its line), an unknown form, a commit of a file with errors (API and page:
422), a file over 4 MiB (413) and over 20 000 rows, an Excel workbook
instead of CSV, a request without a file, a municipality whose report was
already submitted (the whole commit is refused), and a coordinator (403 on
both routes)."""
import json
import uuid

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main, raw_request

SLUG = "charter-2022"
URL = "/admin/campaigns/%s/import" % SLUG
API = "/api/v1/campaigns/%s/import" % SLUG
HEADER = "Муниципальное образование;Форма мероприятия;Дата;Название;Участники;Охват"


def csv(*rows):
    return ("\r\n".join((HEADER,) + rows) + "\r\n").encode("utf-8")


def multipart(fields, files):
    boundary = "----import" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode()
        out += value.encode() + b"\r\n"
    for name, filename, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: text/csv\r\n\r\n" % (boundary, name, filename)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def nothing_stored(srv, what, reports="0"):
    check(srv.sql("SELECT count(*) FROM reports") == reports, what + ": reports stored")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'") == "0",
          what + ": audit event written")


def issue(j, line, column, needle):
    for i in j["issues"]:
        if i["line"] == line and i["column"] == column and needle in i["message"]:
            return i
    raise AssertionError("no issue at line %d, column %s with «%s»: %s" % (line, column, needle, j["issues"]))


def test(srv):
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
    hdr = {"X-CSRF-Token": api.csrf, "Content-Type": "text/csv"}

    def dry(body):
        r = api.post(API, body=body, headers=hdr)
        check(r.status == 200, "dry run: %d %s" % (r.status, r.text[:300]))
        return r.json()

    # Row-level errors, each naming line and column.
    bad = csv("nakhodka;1;10.02.2022;Урок",
              "Горловский городской округ;1;10.02.2022;Урок",
              "nakhodka;2;31.02.2022;Пост",
              "nakhodka;9;11.02.2022;Встреча",
              "artem;posts;20.03.2022;Пост после акции")
    j = dry(bad)
    check(j["errors"] == 4, "four errors: %s" % j["issues"])
    i = issue(j, 3, "Муниципальное образование", "«Горловский городской округ» нет в списке")
    check(i["message"].startswith("Строка 3, столбец «Муниципальное образование»: "), i["message"])
    issue(j, 4, "Дата", "неверная дата «31.02.2022»")
    issue(j, 5, "Форма мероприятия", "формы «9» нет в акции")
    i = issue(j, 6, "Дата", "дата вне периода акции")
    check(i["org_unit"] == "artem" and i["level"] == "error", "period issue mapped to artem's row")
    nothing_stored(srv, "dry run with errors")

    # Commit with errors: 422 with the issues, nothing stored (API and page).
    r = api.post(API + "?commit=1", body=bad, headers=hdr)
    check(r.status == 422, "commit with errors: %d" % r.status)
    j = r.json()
    check(j["error"]["code"] == "invalid" and "импорт не выполнен" in j["error"]["message"], "422 message")
    check(j["committed"] is False and j["errors"] == 4 and len(j["issues"]) == 4, "422 lists the issues")
    nothing_stored(srv, "API commit with errors")
    page = srv.client()
    check(page.login_form("admin", ADMIN_PASSWORD).status == 303, "page sign-in")
    token = page.csrf_from(page.get(URL).text)
    body, ctype = multipart([("csrf_token", token), ("commit", "1")], [("file", "bad.csv", bad)])
    r = page.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 422 and "импорт не выполнен" in r.text, "page commit with errors: %d" % r.status)
    check("Строка 4, столбец «Дата»: неверная дата" in r.text, "page lists the issue")
    check('name="csv_text"' not in r.text, "a file with errors offers no commit")
    nothing_stored(srv, "page commit with errors")

    # No file at all.
    body, ctype = multipart([("csrf_token", token)], [])
    r = page.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 422 and "Выберите файл CSV" in r.text, "no file: %d" % r.status)

    # An Excel workbook instead of CSV.
    j = dry(b"PK\x03\x04" + b"\x00" * 200)
    check(j["errors"] == 1 and "файл Excel" in j["issues"][0]["message"], "xlsx: %s" % j["issues"])

    # Over 4 MiB: the HTTP layer refuses the body.
    big = csv(*["nakhodka;1;10.02.2022;" + "Ю" * 1000] * 2200)
    check(len(big) > 4 << 20, "big file size")
    cookie = "; ".join("%s=%s" % kv for kv in api.cookies.items())
    head = ("POST %s HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nX-CSRF-Token: %s\r\nCookie: %s\r\n"
            "Content-Length: %d\r\n\r\n" % (API, api.csrf, cookie, len(big)))
    ans = raw_request(srv.port, head.encode(), big, send_max=32768)
    check(ans.startswith("HTTP/1.1 413"), "over 4 MiB: " + ans[:60])
    err = json.loads(ans.split("\r\n\r\n", 1)[1])["error"]
    check(err["code"] == "body_too_large" and "не более 4 МБ" in err["message"], "413 message: %r" % err)
    nothing_stored(srv, "over 4 MiB")

    # Over 20 000 rows (well under 4 MiB).
    many = csv(*["nakhodka;1;10.02.2022;У"] * 20001)
    j = dry(many)
    check(any("больше 20000 строк" in i["message"] for i in j["issues"]), "rows limit: %s" % j["issues"][:3])
    check(j["municipalities"] == [], "no summary past the row limit")
    r = api.post(API + "?commit=1", body=many, headers=hdr)
    check(r.status == 422, "commit past the row limit: %d" % r.status)
    nothing_stored(srv, "over 20000 rows")

    # A submitted report is never overwritten, and the whole import is refused.
    r = api.post(API + "?commit=1", body=csv("nakhodka;1;10.02.2022;Урок"), headers=hdr)
    check(r.status == 200, "first import: %d %s" % (r.status, r.text[:300]))
    srv.sql("UPDATE reports SET status='submitted' WHERE org_unit='nakhodka'")
    before = srv.sql("SELECT r.version || d.data FROM reports r JOIN report_data d ON d.report_id = r.id WHERE r.org_unit='nakhodka'")
    again = csv("vladivostok;2;12.02.2022;Пост", "nakhodka;1;10.02.2022;Другой урок")
    j = dry(again)
    munis = {m["org_unit"]: m for m in j["municipalities"]}
    check(munis["nakhodka"]["action"] == "refused" and munis["vladivostok"]["action"] == "create", "actions")
    issue(j, 3, "Муниципальное образование", "уже на проверке")
    r = api.post(API + "?commit=1", body=again, headers=hdr)
    check(r.status == 422, "commit over a submitted report: %d" % r.status)
    check(srv.sql("SELECT r.version || d.data FROM reports r JOIN report_data d ON d.report_id = r.id WHERE r.org_unit='nakhodka'") == before,
          "the submitted report changed")
    check(srv.sql("SELECT count(*) FROM reports WHERE org_unit='vladivostok'") == "0",
          "the other municipality was imported anyway")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'") == "1", "one audit event")

    # A coordinator: 403 on the form, the page upload and the API.
    co = srv.client()
    check(co.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = co.post(API + "?commit=1", body=csv("nakhodka;1;10.02.2022;Урок"),
                headers={"X-CSRF-Token": co.csrf, "Content-Type": "text/csv"})
    check(r.status == 403, "coordinator API: %d" % r.status)
    cp = srv.client()
    check(cp.login_form("coord", COORD_PASSWORD).status == 303, "coordinator page sign-in")
    check(cp.get(URL).status == 403, "coordinator form")
    token = cp.csrf_from(cp.get("/").text)
    body, ctype = multipart([("csrf_token", token), ("commit", "1")],
                            [("file", "x.csv", csv("nakhodka;1;10.02.2022;Урок"))])
    r = cp.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 403, "coordinator page upload: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM reports") == "1", "a coordinator's import stored something")


main(test)
