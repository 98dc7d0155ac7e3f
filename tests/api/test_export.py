"""The consolidated summary as files: three municipalities report through
the API (one accepted, one submitted, one left as a draft), the rest of the
region does nothing. The department downloads the XLSX workbook and reads
it back with xlsx2csv (every sheet) and LibreOffice (a real office suite must
open it): sheet names, Cyrillic text, numbers, dates as ДД.ММ.ГГГГ dates,
the totals row equal to the sums, a municipality with nothing as «не начат»
with zeros, formula-looking text kept as text. CSV of each sheet parses back
to the same values; JSON totals equal the sums of its rows; the status and
kind filters work on every sheet; `svodka export` writes the same workbook
as the web."""
import csv
import glob
import io
import json
import os
import re
import subprocess
import tempfile

from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, check, main, run_cli

CAMPAIGN = "charter-2022"
API = "/api/v1/campaigns/" + CAMPAIGN
SHEETS = ["Сводка", "Мероприятия", "Публикации", "Организации"]


def inn10(prefix9):
    """A valid 10-digit INN from its first nine digits."""
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix9 + str(sum(int(d) * k for d, k in zip(prefix9, w)) % 11 % 10)


LEADING_ZERO_INN = inn10("025400123")

REPORTS = {
    "nakhodka": {
        "contact": {"name": "Ёлкина Анна Сергеевна", "position": "главный специалист",
                    "phone": "8 (4236) 69-22-11", "email": "elkina@nakhodka-city.ru"},
        "activities": [
            {"form": "events-educational", "date": "15.02.2022", "title": "Родительское собрание «Безопасный интернет»",
             "description": "Для родителей; «кавычки» и \"прямые\" кавычки", "audience": ["parents", "teachers"],
             "participants": "120", "reach": "1 500", "links": ["https://vk.com/wall-12345_678"]},
            {"form": "posts", "date": "2022-02-20", "title": "=HYPERLINK(\"http://evil.example\",\"клик\")",
             "description": "", "audience": ["children"], "participants": "30", "reach": "", "links": []},
        ],
        "organizations": [
            {"name": "МБОУ «СОШ № 1» г. Находки", "kind": "school", "inn": LEADING_ZERO_INN, "joined": "21.02.2022"},
        ],
        "publications": [
            {"url": "https://ok.ru/group/5566/topic/777", "date": "2022-02-16", "views": "3 200",
             "has_hashtag": True, "has_alliance_link": False},
        ],
        "remarks": "", "no_activity_reason": "",
    },
    "vladivostok": {
        "contact": {"name": "Петров Пётр", "position": "специалист", "phone": "+7 423 222-33-44",
                    "email": "petrov@vlc.ru"},
        "activities": [
            {"form": "media", "date": "2022-03-01", "title": "Сюжет на ТВ о Хартии", "description": "Эфир",
             "audience": ["public"], "participants": "", "reach": "25000", "links": []},
        ],
        "organizations": [
            {"name": "МБДОУ «Детский сад № 5»", "kind": "kindergarten", "inn": "7707083893", "joined": "2022-02-10"},
            {"name": "-Центр «Семья»", "kind": "other", "inn": "", "joined": "2022-02-12"},
        ],
        "publications": [
            {"url": "https://t.me/vlc_adm/42", "date": "2022-02-09", "views": "700", "has_hashtag": True,
             "has_alliance_link": True},
            {"url": "https://vk.com/wall-1_2", "date": "2022-02-11", "views": "", "has_hashtag": False,
             "has_alliance_link": False},
        ],
        "remarks": "", "no_activity_reason": "",
    },
    "artem": {
        "contact": {"name": "Черновикова", "position": "", "phone": "", "email": ""},
        "activities": [
            {"form": "contests", "date": "2022-02-25", "title": "Конкурс рисунков", "description": "",
             "audience": ["children"], "participants": "45", "reach": "90", "links": []},
        ],
        "organizations": [],
        "publications": [{"url": "https://vk.com/wall-1_3", "date": "", "views": "", "has_hashtag": False,
                          "has_alliance_link": False}],
        "remarks": "", "no_activity_reason": "",
    },
}


def coordinator(srv, org):
    login = "coord-" + org
    if org == "nakhodka":
        login = "coord"
    else:
        rc, _, err = run_cli("user", "add", "--login", login, "--role", "coordinator", "--org-unit", org,
                             db=srv.db, stdin=COORD_PASSWORD + "\n")
        check(rc == 0, "user add %s: %s" % (login, err))
    c = srv.client()
    check(c.login_api(login, COORD_PASSWORD).status == 200, "sign-in " + login)
    return c


def api(c, method, path, body=None):
    r = c.request(method, path, headers={"X-CSRF-Token": c.csrf}, json_body=body)
    return r


def prepare(srv, admin):
    for org, data in REPORTS.items():
        c = coordinator(srv, org)
        r = api(c, "PUT", "%s/reports/%s" % (API, org), {"version": 0, "data": data})
        check(r.status == 200, "save %s: %d %s" % (org, r.status, r.text[:600]))
        if org != "artem":
            r = api(c, "POST", "%s/reports/%s/submit" % (API, org), {"version": r.json()["report"]["version"]})
            check(r.status == 200, "submit %s: %d %s" % (org, r.status, r.text[:600]))
    v = int(srv.sql("SELECT version FROM reports WHERE org_unit = 'vladivostok'"))
    r = api(admin, "POST", "%s/reports/vladivostok/accept" % API, {"version": v})
    check(r.status == 200, "accept: %d %s" % (r.status, r.text[:300]))


def xlsx_sheets(path):
    """Every sheet of a workbook as lists of rows, through xlsx2csv."""
    p = subprocess.run(["xlsx2csv", "-a", "-d", ";", "-f", "%d.%m.%Y", path], capture_output=True, timeout=120)
    check(p.returncode == 0, "xlsx2csv: %s" % p.stderr.decode())
    text = p.stdout.decode("utf-8")
    sheets = {}
    for block in re.split(r"^-------- \d+ - ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        sheets[name.strip()] = list(csv.reader(io.StringIO(body), delimiter=";"))
    return sheets


def table(rows):
    """The header row (line 4) and the data rows under it."""
    check(len(rows) >= 4, "sheet too short: %r" % rows)
    return rows[3], rows[4:]


def download(c, path):
    r = c.get(path)
    check(r.status == 200, "GET %s: %d %s" % (path, r.status, r.body[:300]))
    return r


def test(srv):
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    prepare(srv, admin)
    units = int(srv.sql("SELECT count(*) FROM org_units WHERE parent IS NOT NULL"))
    work = tempfile.mkdtemp(prefix="export-", dir=OUT)

    # XLSX from the web.
    r = download(admin, API + "/summary.xlsx")
    check(r.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "content type %s" % r.header("Content-Type"))
    cd = r.header("Content-Disposition")
    check(re.match(r'attachment; filename="svodka-charter-2022-\d{8}\.xlsx"; filename\*=UTF-8\'\'', cd), cd)
    check("%D0%A1%D0%B2%D0%BE%D0%B4%D0%BA%D0%B0" in cd, "Russian name in filename*: " + cd)  # «Сводка»
    check(r.header("Cache-Control") == "no-store", "no-store")
    web_xlsx = os.path.join(work, "web.xlsx")
    with open(web_xlsx, "wb") as f:
        f.write(r.body)
    check(r.body[:2] == b"PK", "a zip file")
    sheets = xlsx_sheets(web_xlsx)
    check(list(sheets) == SHEETS, "sheet names %r" % list(sheets))
    summary = sheets["Сводка"]
    check(summary[0][0] == "Цифровая этика детства", "title row %r" % summary[0])
    check(re.match(r"Выгружено \d\d\.\d\d\.\d{4} \d\d:\d\d \(Asia/Vladivostok\)$", summary[1][0]), summary[1])
    head, rows = table(summary)
    check(head == ["Муниципальное образование", "Вид", "Статус", "Отправлен", "В срок / с опозданием",
                   "Мероприятий", "Участников", "Охват", "Публикаций", "Просмотров", "Организаций"], head)
    total = rows[-1]
    rows = rows[:-1]
    check(len(rows) == units, "one row per municipality: %d of %d" % (len(rows), units))
    by = {row[0]: row for row in rows}
    nak = by["Находкинский городской округ"]
    check(nak[1:3] == ["городской округ", "на проверке"], nak)
    check(re.match(r"\d\d\.\d\d\.\d{4}$", nak[3]), "submitted as a date: %r" % nak[3])
    check(nak[4] == "с опозданием", nak)
    check(nak[5:] == ["2", "150", "1500", "1", "3200", "1"], "nakhodka totals %r" % nak)
    vl = by["Владивостокский городской округ"]
    check(vl[2] == "принят" and vl[5:] == ["1", "0", "25000", "2", "700", "2"], "vladivostok %r" % vl)
    art = by["Артёмовский городской округ"]
    check(art[2] == "черновик" and art[3] == "" and art[5:] == ["1", "45", "90", "1", "0", "0"], art)
    nothing = by["Арсеньевский городской округ"]
    check(nothing[2] == "не начат" and nothing[5:] == ["0"] * 6, "not started %r" % nothing)
    check(total[0] == "Итого по краю", total)
    for k in range(5, 11):
        check(int(total[k]) == sum(int(row[k]) for row in rows), "total column %d: %r" % (k, total))
    check(total[5:] == ["4", "195", "26590", "4", "3900", "3"], "totals %r" % total)

    head, acts = table(sheets["Мероприятия"])
    check(head[:5] == ["Муниципальное образование", "Статус отчёта", "№", "Форма проведения", "Дата"], head)
    check(len(acts) == 4, "activities %d" % len(acts))
    check(sum(int(a[8] or 0) for a in acts) == int(total[6]), "participants sum")
    check(sum(int(a[9] or 0) for a in acts) == int(total[7]), "reach sum")
    a = [x for x in acts if x[5].startswith("Родительское")][0]
    check(a[1] == "на проверке" and a[2] == "1" and a[4] == "15.02.2022", a)
    check(a[3].startswith("Проведение мастер-классов"), "form title %r" % a[3])
    check(a[7] == "Родители, Педагоги", "audience %r" % a[7])
    check(a[6] == "Для родителей; «кавычки» и \"прямые\" кавычки", a[6])
    evil = [x for x in acts if "HYPERLINK" in x[5]][0]
    check(evil[5] == "=HYPERLINK(\"http://evil.example\",\"клик\")" and evil[9] == "", "formula text kept %r" % evil)
    head, pubs = table(sheets["Публикации"])
    check(len(pubs) == int(total[8]) and sum(int(p[6] or 0) for p in pubs) == int(total[9]), "publications")
    ok = [p for p in pubs if "ok.ru" in p[3]][0]
    check(ok[4] == "Одноклассники" and ok[5] == "16.02.2022" and ok[7:] == ["да", "нет"], ok)
    head, orgs = table(sheets["Организации"])
    check(head[5] == "ИНН" and len(orgs) == int(total[10]), "organizations")
    school = [o for o in orgs if "СОШ" in o[3]][0]
    check(school[5] == LEADING_ZERO_INN and school[4] == "Школа" and school[6] == "21.02.2022", school)

    # The sheet XML itself: dates are numbers with a date format, the INN is a string.
    x = subprocess.run(["unzip", "-p", web_xlsx, "xl/worksheets/sheet4.xml"], capture_output=True).stdout.decode()
    check("<t>%s</t>" % LEADING_ZERO_INN in x, "INN as text")
    x = subprocess.run(["unzip", "-p", web_xlsx, "xl/worksheets/sheet2.xml"], capture_output=True).stdout.decode()
    check("<v>44607</v>" in x and "<f>" not in x, "date serial, no formula")
    check('state="frozen"' in x and "<autoFilter ref=\"A4:K8\"/>" in x, "frozen header, autofilter")

    # LibreOffice opens it (it converts the first sheet).
    lo = os.path.join(work, "lo")
    os.makedirs(lo)
    p = subprocess.run(["libreoffice", "--headless", "-env:UserInstallation=file://" + os.path.abspath(lo) + "/profile",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", lo, web_xlsx],
                       capture_output=True, timeout=180)
    out = os.path.join(lo, "web.csv")
    check(p.returncode == 0 and os.path.exists(out), "libreoffice: %s %s" % (p.stdout, p.stderr))
    with open(out, encoding="utf-8") as f:
        lo_rows = list(csv.reader(f, delimiter=";"))
    lo_nak = [row for row in lo_rows if row and row[0] == "Находкинский городской округ"][0]
    check(lo_nak[2] == "на проверке" and lo_nak[5:11] == ["2", "150", "1500", "1", "3200", "1"], lo_nak)
    check(re.match(r"\d\d\.\d\d\.\d{4} \d\d:\d\d$", lo_nak[3]), "LibreOffice shows a date and time: %r" % lo_nak[3])
    lo_total = [row for row in lo_rows if row and row[0] == "Итого по краю"][0]
    check(lo_total[5:11] == total[5:11], "LibreOffice totals %r" % lo_total)

    # CSV of each sheet: the same values as the workbook.
    for code, name in zip(["svodka", "activities", "publications", "organizations"], SHEETS):
        r = download(admin, "%s/summary.csv?sheet=%s" % (API, code))
        check(r.header("Content-Type") == "text/csv; charset=utf-8", "csv type")
        check(r.body.startswith(b"\xef\xbb\xbf"), "BOM")
        check(b"\r\n" in r.body, "CRLF")
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline=""), delimiter=";"))
        want = table(sheets[name])
        got = [row[:] for row in rows]
        # The CSV guards text that starts like a formula with a quote.
        got = [[v[1:] if v.startswith("'") else v for v in row] for row in got]
        wrow = [[v for v in row] for row in [want[0]] + want[1]]
        if code == "svodka":
            got = [[re.sub(r" \d\d:\d\d$", "", v) for v in row] for row in got]
        check(got == wrow, "%s: CSV differs from XLSX:\n%r\n%r" % (code, got[:3], wrow[:3]))
    r = download(admin, API + "/summary.csv?sheet=activities&delimiter=comma")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    evil = [row for row in rows if "HYPERLINK" in row[5]][0]
    check(evil[5] == "'=HYPERLINK(\"http://evil.example\",\"клик\")", "CSV injection guard %r" % evil[5])
    check(len(rows) == 5 and rows[0][2] == "№", "comma CSV")
    r = download(admin, API.replace("/api/v1", "/admin") + "/summary.csv")
    check(r.body.decode("utf-8-sig").startswith("Муниципальное образование;Вид;Статус;"), "admin csv default svodka")

    # JSON: totals equal the sums of the rows.
    r = download(admin, API + "/summary.json")
    j = r.json()
    check(j["campaign"]["slug"] == CAMPAIGN and j["filter"] is None, "json head")
    check(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+10:00$", j["exported_at"]), j["exported_at"])
    check(len(j["summary"]) == units, "json summary rows")
    for key in ["activities", "participants", "reach", "publications", "views", "organizations"]:
        check(j["totals"][key] == sum(row[key] for row in j["summary"]), "json total " + key)
    check(j["totals"]["activities"] == len(j["activities"]), "activity rows")
    check(j["totals"]["participants"] == sum(a["participants"] or 0 for a in j["activities"]), "participants")
    check(j["totals"]["views"] == sum(p["views"] or 0 for p in j["publications"]), "views")
    check(j["totals"]["organizations"] == len(j["organizations"]), "organization rows")
    nak = [s for s in j["summary"] if s["org_unit"] == "nakhodka"][0]
    check(nak["status"] == "submitted" and nak["status_name"] == "на проверке" and nak["late"] is True, nak)
    check([s for s in j["summary"] if s["org_unit"] == "arsenyev"][0]["submitted_at"] is None, "null")
    school = [o for o in j["organizations"] if o["kind"] == "school"][0]
    check(school["inn"] == LEADING_ZERO_INN and school["joined"] == "2022-02-21", school)

    # Filters apply to every sheet.
    r = download(admin, API + "/summary.json?status=accepted")
    j = r.json()
    check(j["filter"] == {"status": ["accepted"], "kind": []}, j["filter"])
    check([s["org_unit"] for s in j["summary"]] == ["vladivostok"], "status filter summary")
    check({a["org_unit"] for a in j["activities"] + j["publications"] + j["organizations"]} == {"vladivostok"},
          "status filter rows")
    check(j["totals"]["reach"] == 25000, "filtered totals")
    r = download(admin, API + "/summary.json?status=submitted&status=draft,not_started&kind=urban_okrug")
    j = r.json()
    kinds = {s["kind"] for s in j["summary"]}
    check(kinds == {"urban_okrug"}, "kind filter %r" % kinds)
    check({s["status"] for s in j["summary"]} == {"submitted", "draft", "not_started"}, "statuses")
    check(all(a["status"] in ("submitted", "draft") for a in j["activities"]) and len(j["activities"]) == 3,
          "filtered activities")
    r = download(admin, API + "/summary.xlsx?status=accepted")
    fx = os.path.join(work, "filtered.xlsx")
    with open(fx, "wb") as f:
        f.write(r.body)
    fs = xlsx_sheets(fx)
    check(fs["Сводка"][2][0] == "Отбор: статус — принят", "filter line %r" % fs["Сводка"][2])
    check(len(table(fs["Мероприятия"])[1]) == 1 and len(table(fs["Организации"])[1]) == 2, "filtered sheets")

    # The command line writes the same workbook.
    cli_xlsx = os.path.join(work, "cli.xlsx")
    rc, out, err = run_cli("export", "--campaign", CAMPAIGN, "--format", "xlsx", "--out", cli_xlsx, db=srv.db)
    check(rc == 0 and os.path.exists(cli_xlsx), "cli export: %d %s" % (rc, err))
    cs = xlsx_sheets(cli_xlsx)
    for name in SHEETS:
        check(cs[name][0] == sheets[name][0] and cs[name][2:] == sheets[name][2:], "CLI sheet %s differs" % name)
    check(not glob.glob(os.path.join(work, ".svodka-export-*")), "temporary file left")
    rc, out, err = run_cli("export", "--campaign", CAMPAIGN, "--format", "json", "--out",
                           os.path.join(work, "f.json"), "--status", "accepted", "--kind", "urban_okrug", db=srv.db)
    check(rc == 0, err)
    with open(os.path.join(work, "f.json"), encoding="utf-8") as f:
        check([s["org_unit"] for s in json.load(f)["summary"]] == ["vladivostok"], "cli filter")
    csvdir = os.path.join(work, "csv")
    os.makedirs(csvdir)
    rc, out, err = run_cli("export", "--campaign", CAMPAIGN, "--format", "csv", "--out", csvdir, db=srv.db)
    check(rc == 0, err)
    files = sorted(os.listdir(csvdir))
    check(files == ["svodka-charter-2022-%s.csv" % s for s in ["activities", "organizations", "publications",
                                                             "svodka"]], files)
    with open(os.path.join(csvdir, "svodka-charter-2022-publications.csv"), encoding="utf-8-sig", newline="") as f:
        check(len(list(csv.reader(f, delimiter=";"))) == 5, "cli publications csv")

    log = srv.sql("SELECT count(*) FROM audit_events WHERE action = 'export.download'")
    check(int(log) >= 10, "downloads audited: %s" % log)


main(test)
