"""Reports that arrive as spreadsheets: an admin uploads a realistic CSV of
three municipalities (Cyrillic everywhere, ';' as Excel writes it in a
Russian locale, a BOM, a quoted description holding a line break and a ';',
the contact given on the first row of a municipality only). The dry run
(API and page) lists the three and stores nothing; the commit through the
page's «Импортировать» form (the text travels in a hidden field) creates
three drafts whose activities match the file, with one audit event; a
re-import through the API replaces the drafts; the same file saved as
Windows-1251 reads the same."""
import html
import json
import re
import uuid

from svodka_test import ADMIN_PASSWORD, check, main

SLUG = "charter-2022"
URL = "/admin/campaigns/%s/import" % SLUG
API = "/api/v1/campaigns/%s/import" % SLUG

HEADER = ("Муниципальное образование;ФИО контактного лица;Должность;Телефон;Эл. почта;"
          "Форма мероприятия;Дата;Название;Описание;Аудитория;Участники;Охват;Ссылки")
ROWS = [
    # Nakhodka by code; contact on its first row only; form by number.
    "nakhodka;Иванова Анна Сергеевна;главный специалист;8 (4236) 69-22-10;ivanova@nakhodka-city.ru;"
    "5;10.02.2022;Урок цифровой грамотности;\"Урок в школе № 1; разговор о Хартии\r\nс родителями\";"
    "дети, родители;120;450;https://vk.com/wall-100_1 https://t.me/nakhodka/5",
    ";;;;;posts;2022-02-15;Пост о Хартии на сайте администрации;;широкая общественность;;1 500;"
    "https://vk.com/wall-100_2",
    # Artyom by its Russian name written with «е», form by title.
    "Артемовский городской округ;Петров Пётр;консультант;+7 914 123-45-67;petrov@artem.ru;"
    "Размещение внешних баннеров;01.03.2022;Баннеры на улицах;Три баннера в центре города;;;10 000;",
    # Vladivostok by name, contact repeated on every row, form by code.
    "Владивостокский городской округ;Сидорова Мария;ведущий специалист;+7 423 222-33-44;"
    "sidorova@vlc.ru;contests;20.02.2022;Конкурс рисунков «Безопасный интернет»;;дети;45;200;",
    "Владивостокский городской округ;Сидорова Мария;ведущий специалист;+7 423 222-33-44;"
    "sidorova@vlc.ru;interviews;25.02.2022;Интервью на радио;;специалисты;;5000;",
]


def csv_bytes(rows, bom=True):
    text = "\r\n".join([HEADER] + rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


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


def hidden(page, name):
    m = re.search(r'<input type="hidden" name="%s" value="([^"]*)">' % name, page, re.S)
    check(m, "no hidden field %s in the page" % name)
    return html.unescape(m.group(1))


def counts(srv):
    return (srv.sql("SELECT count(*) FROM reports"), srv.sql("SELECT count(*) FROM report_history"),
            srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'"))


def titles(srv, org):
    return srv.sql("SELECT a.title FROM report_activities a JOIN reports r ON r.id = a.report_id "
                   "WHERE r.org_unit='%s' ORDER BY a.position" % org).split("\n")


def test(srv):
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "API sign-in")
    hdr = {"X-CSRF-Token": api.csrf, "Content-Type": "text/csv; charset=utf-8"}

    # The API dry run.
    r = api.post(API, body=csv_bytes(ROWS), headers=hdr)
    check(r.status == 200, "dry run: %d %s" % (r.status, r.text[:500]))
    j = r.json()
    check(j["dry_run"] is True and j["committed"] is False, "dry_run flag")
    check(j["encoding"] == "utf-8-bom" and j["delimiter"] == ";", "encoding %s" % j["encoding"])
    check(j["errors"] == 0, "errors: %s" % j["issues"])
    check(j["rows"] == 5, "rows %s" % j["rows"])
    munis = {m["org_unit"]: m for m in j["municipalities"]}
    check(sorted(munis) == ["artem", "nakhodka", "vladivostok"], "municipalities %s" % sorted(munis))
    check(munis["nakhodka"]["activities"] == 2 and munis["nakhodka"]["rows"] == 2, "nakhodka counts")
    check(munis["nakhodka"]["participants"] == 120 and munis["nakhodka"]["reach"] == 1950, "nakhodka sums")
    check(munis["vladivostok"]["reach"] == 5200 and munis["artem"]["reach"] == 10000, "reach sums")
    check(all(m["action"] == "create" for m in j["municipalities"]), "would create")
    check(counts(srv) == ("0", "0", "0"), "the dry run stored something: %s" % (counts(srv),))

    # The upload form.
    page = srv.client()
    check(page.login_form("admin", ADMIN_PASSWORD).status == 303, "page sign-in")
    form = page.get(URL)
    check(form.status == 200, "form: %d" % form.status)
    check('type="file"' in form.text and 'accept=".csv,text/csv"' in form.text, "file input")
    check("Форма мероприятия" in form.text and "import-example.csv" in form.text, "column help")
    token = page.csrf_from(form.text)

    # The page dry run: a summary, no storing, the text to commit in a hidden field.
    body, ctype = multipart([("csrf_token", token)], [("file", "отчёты.csv", csv_bytes(ROWS))])
    r = page.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 200, "page dry run: %d" % r.status)
    for name in ["Находкинский городской округ", "Артёмовский городской округ",
                 "Владивостокский городской округ", "будет создан черновик", "Импортировать"]:
        check(name in r.text, "dry-run page lacks " + name)
    check(counts(srv) == ("0", "0", "0"), "the page dry run stored something")
    text = hidden(r.text, "csv_text")
    check("разговор о Хартии" in text, "csv_text lost the file")

    # Commit from the page with the hidden text.
    body, ctype = multipart([("csrf_token", token), ("commit", "1"), ("file_name", hidden(r.text, "file_name")),
                             ("csv_text", text)], [])
    r = page.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 200 and "Импорт выполнен" in r.text, "commit: %d %s" % (r.status, r.text[-800:]))
    check(counts(srv) == ("3", "3", "1"), "after commit: %s" % (counts(srv),))
    check(srv.sql("SELECT group_concat(DISTINCT status) FROM reports") == "draft", "all drafts")
    check(srv.sql("SELECT group_concat(DISTINCT action) FROM report_history") == "import", "history action")
    check(titles(srv, "nakhodka") == ["Урок цифровой грамотности", "Пост о Хартии на сайте администрации"],
          "nakhodka activities %s" % titles(srv, "nakhodka"))
    check(titles(srv, "vladivostok") == ["Конкурс рисунков «Безопасный интернет»", "Интервью на радио"],
          "vladivostok activities")
    check(srv.sql("SELECT a.form || ' ' || a.date || ' ' || a.reach FROM report_activities a JOIN reports r "
                  "ON r.id = a.report_id WHERE r.org_unit='artem'") == "banners-outdoor 2022-03-01 10000",
          "artem activity")
    check(srv.sql("SELECT a.form FROM report_activities a JOIN reports r ON r.id = a.report_id "
                  "WHERE r.org_unit='nakhodka' ORDER BY a.position") == "events-educational\nposts", "forms")
    data = json.loads(srv.sql("SELECT d.data FROM reports r JOIN report_data d ON d.report_id = r.id WHERE r.org_unit='nakhodka'"))
    check(data["activities"][0]["description"] == "Урок в школе № 1; разговор о Хартии\nс родителями",
          "description %r" % data["activities"][0]["description"])
    check(data["activities"][0]["audience"] == ["children", "parents"], "audience")
    check(len(data["activities"][0]["links"]) == 2, "links")
    check(data["contact"]["name"] == "Иванова Анна Сергеевна" and data["contact"]["phone"] == "+74236692210",
          "contact from the first row: %s" % data["contact"])
    detail = srv.sql("SELECT detail FROM audit_events WHERE action='report.import'")
    check("отчёты.csv" in detail and '"created":3' in detail.replace(" ", ""), "audit detail " + detail)

    # Re-import through the API: the drafts are replaced.
    rows2 = [ROWS[0].replace("Урок цифровой грамотности", "Урок цифровой грамотности (исправлено)"), ROWS[2]]
    r = api.post(API + "?commit=1", body=csv_bytes(rows2), headers=hdr)
    check(r.status == 200, "re-import: %d %s" % (r.status, r.text[:500]))
    j = r.json()
    check(j["dry_run"] is False and j["committed"] is True, "committed flag")
    check(sorted(m["action"] for m in j["municipalities"]) == ["replaced", "replaced"], "replaced")
    check(srv.sql("SELECT count(*) FROM reports") == "3", "still three reports")
    check(titles(srv, "nakhodka") == ["Урок цифровой грамотности (исправлено)"], "nakhodka replaced")
    check(srv.sql("SELECT version FROM reports WHERE org_unit='nakhodka'") == "2", "version bumped")
    check(titles(srv, "vladivostok") == ["Конкурс рисунков «Безопасный интернет»", "Интервью на радио"],
          "a municipality not in the file is left alone")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action='report.import'") == "2", "second audit")

    # The same file as Excel's plain "CSV" on a Russian Windows: Windows-1251.
    cp = ("\r\n".join([HEADER] + ROWS) + "\r\n").encode("cp1251")
    r = api.post(API, body=cp, headers=hdr)
    check(r.status == 200, "cp1251 dry run: %d" % r.status)
    j = r.json()
    check(j["encoding"] == "windows-1251" and j["errors"] == 0, "cp1251: %s %s" % (j["encoding"], j["issues"]))
    check(sorted(m["org_unit"] for m in j["municipalities"]) == ["artem", "nakhodka", "vladivostok"],
          "cp1251 municipalities")
    body, ctype = multipart([("csrf_token", token)], [("file", "cp1251.csv", cp)])
    r = page.post(URL, body=body, headers={"Content-Type": ctype})
    check(r.status == 200 and "Windows-1251" in r.text, "the page says the file was Windows-1251")
    check(srv.sql("SELECT version FROM reports WHERE org_unit='nakhodka'") == "2", "a dry run wrote")


main(test)
