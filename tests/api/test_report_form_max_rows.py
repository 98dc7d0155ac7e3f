"""A report as large as the rules allow (500 activities, 2000 organizations,
2000 publications) saved through the API can be saved again from its own
page: the form posts ~28,000 fields, over the 1000 the server takes by
default, so the report route sizes its field and body limits from the
rules. A form over that limit gets a 413 page that shows the user still
signed in and says what to do, and nothing is stored."""
import html.parser
import json
import urllib.parse

from report_form import URL
from svodka_test import COORD_PASSWORD, check, main

N_ACT, N_ORG, N_PUB = 500, 2000, 2000
FORM_FIELDS_MAX = 13 * (N_ACT + 1) + 5 * (N_ORG + 1) + 6 * (N_PUB + 1) + 12  # WEB_REPORT_FORM_FIELDS


class Form(html.parser.HTMLParser):
    """The fields of the report form as a browser submits them (no button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.in_form, self.in_template = [], False, 0
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "report-form":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "input" and "name" in a:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            if self.select[2] is None:
                self.select[2] = a.get("value", "")
            if "selected" in a:
                self.select[1] = a.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "template" and self.in_template:
            self.in_template -= 1
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline right after <textarea>.
            if self.textarea[1].startswith("\n"):
                self.textarea[1] = self.textarea[1][1:]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, sel, first = self.select
            self.fields.append([name, sel if sel is not None else (first or "")])
            self.select = None


def big_report():
    return {
        "contact": {"name": "Ёлкина Анна Сергеевна", "position": "", "phone": "", "email": ""},
        "activities": [{"form": "events-educational", "date": "2022-02-%02d" % (10 + i % 18),
                        "title": "Урок цифровой грамотности № %d" % i, "description": "Для %d-х классов" % (i % 11 + 1),
                        "audience": ["children", "teachers"], "participants": 20 + i, "reach": 100 + i,
                        "links": ["https://vk.com/wall-1_%d" % i]} for i in range(N_ACT)],
        "organizations": [{"name": "МБОУ «СОШ № %d»" % i, "kind": "school", "inn": "",
                           "joined": "2022-02-20"} for i in range(N_ORG)],
        "publications": [{"url": "https://t.me/nakhodka_adm/%d" % i, "date": "2022-02-16", "views": i,
                          "has_hashtag": i % 2 == 0, "has_alliance_link": i % 3 == 0} for i in range(N_PUB)],
        "remarks": "", "no_activity_reason": "",
    }


def stripped(data):
    """The report data without row ids, for comparing."""
    d = json.loads(json.dumps(data))
    for sec in ("activities", "organizations", "publications"):
        for row in d[sec]:
            row.pop("id", None)
    return d


def test(srv):
    c = srv.client()
    check(c.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    api = srv.client()
    check(api.login_api("coord", COORD_PASSWORD).status == 200, "API sign-in")
    body = json.dumps({"version": 0, "data": big_report()}, ensure_ascii=False).encode()
    check(len(body) < 1 << 20, "the API body is %d bytes" % len(body))
    r = api.request("PUT", "/api/v1" + URL, body=body,
                    headers={"X-CSRF-Token": api.csrf, "Content-Type": "application/json"})
    check(r.status == 200, "API save: %d %s" % (r.status, r.text[:500]))
    stored = r.json()["report"]
    check(len(stored["data"]["activities"]) == N_ACT and len(stored["data"]["organizations"]) == N_ORG and
          len(stored["data"]["publications"]) == N_PUB, "API stored everything")

    page = c.get(URL)
    check(page.status == 200, "form page: %d" % page.status)
    form = Form()
    form.feed(page.text)
    fields = form.fields
    check(len(fields) > 1000, "only %d fields" % len(fields))
    check(len(fields) <= FORM_FIELDS_MAX, "%d fields, over the route's %d" % (len(fields), FORM_FIELDS_MAX))
    names = dict(fields)
    check(names.get("n_activities") == str(N_ACT) and names.get("n_organizations") == str(N_ORG),
          "row counts in the form")
    post = urllib.parse.urlencode([tuple(f) for f in fields] + [("action", "save")]).encode()
    r = c.post(URL, body=post, headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 303, "form save of %d fields, %d bytes: %d %s" % (len(fields), len(post), r.status,
                                                                          r.text[:300]))
    again = api.get("/api/v1" + URL).json()["report"]
    check(again["version"] == stored["version"] + 1, "version %d after %d" % (again["version"], stored["version"]))
    check(stripped(again["data"]) == stripped(stored["data"]), "the form changed the data")

    # One field over the route's limit: 413, the user still signed in, told what to do, nothing stored.
    audit = srv.sql("SELECT count(*) FROM audit_events")
    page = c.get(URL)
    form = Form()
    form.feed(page.text)
    extra = [["x%d" % i, ""] for i in range(FORM_FIELDS_MAX + 1 - len(form.fields))]
    post = urllib.parse.urlencode([tuple(f) for f in form.fields + extra] + [("action", "save")]).encode()
    r = c.post(URL, body=post, headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 413, "over the limit: %d" % r.status)
    t = r.text
    check("Форма больше, чем принимает сервер: допускается не более %d полей." % FORM_FIELDS_MAX in t,
          "413 message: %s" % t[-1500:])
    check("Ничего не сохранено" in t and "обратитесь в департамент" in t, "413 advice")
    check("Координатор Находки" in t and "Выйти" in t and ">Войти<" not in t, "413 page not signed in")
    check(r.header("Cache-Control") == "no-store", "413 page for a signed-in user is cacheable")
    check(api.get("/api/v1" + URL).json()["report"]["version"] == again["version"], "the 413 stored something")
    check(srv.sql("SELECT count(*) FROM audit_events") == audit, "the 413 wrote an audit event")


main(test)
