"""Reminders, checked at a real SMTP sink: the list of municipalities that
have not submitted (with the head's and coordinators' contacts); reminding
one (and the refusals: already submitted, unknown, no address, no target);
reminding all, which reaches exactly those not submitted that have an
address; a report returned for rework owes again, so its municipality is
listed and reminded; and the automatic reminders of campaigns made relative to today:
"N days before" for one due in 3 days, "the day after" for one due
yesterday, each queued once only — the scheduler (sped up with
SVODKA_REMINDER_INTERVAL=1) runs many times and again after a restart,
and queues nothing new."""
import datetime
import json
import os
import sys
import time

from smtp_sink import Sink, body, recipients
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, Server, check

CHARTER = os.path.join(os.environ.get("SVODKA_SOURCE", "."), "data", "charter-2022.json")
BASE = "https://svodka.example.ru"
EMAILS = {"nakhodka": "adm@nakhodka-city.ru", "artem": "artem@artemokrug.ru", "vladivostok": "info@vlc.ru"}
DATA = {"contact": {"name": "Ёлкина Анна", "position": "главный специалист", "phone": "8 (4236) 69-22-11",
                    "email": "elkina@nakhodka-city.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии", "participants": 10,
                        "reach": 100}],
        "organizations": [], "publications": []}


def set_emails(a):
    for code, email in EMAILS.items():
        u = a.get("/api/v1/org-units/" + code).json()
        r = a.request("PUT", "/api/v1/org-units/" + code, headers={"X-CSRF-Token": a.csrf},
                      json_body={"name": u["name"], "kind": u["kind"], "version": u["version"], "email": email,
                                 "head": "Глава " + code})
        check(r.status == 200, "e-mail of %s: %d %s" % (code, r.status, r.text[:200]))


def remind(a, body_, slug="charter-2022"):
    return a.post("/api/v1/campaigns/%s/reminders" % slug, headers={"X-CSRF-Token": a.csrf}, json_body=body_)


def today_vladivostok():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=10)).date()


def campaign(slug, due, reminders, org_units):
    with open(CHARTER, encoding="utf-8") as f:
        doc = json.load(f)
    doc.pop("contest", None)
    doc.update(slug=slug, title="Проверка напоминаний " + slug,
               period={"start": (due - datetime.timedelta(days=10)).isoformat(), "end": due.isoformat()},
               report_due=due.isoformat(), reminders=reminders, org_units=org_units)
    return doc


def keys(srv, slug):
    out = srv.sql("SELECT dedup_key FROM mail_outbox WHERE campaign = '%s' ORDER BY dedup_key" % slug)
    return out.split("\n") if out else []


def manual(srv, sink, admin):
    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    api = "/api/v1/campaigns/charter-2022/reports/nakhodka"
    r = coord.request("PUT", api, headers={"X-CSRF-Token": coord.csrf}, json_body={"version": 0, "data": DATA})
    check(r.status == 200, "save: %d %s" % (r.status, r.text[:300]))
    r = coord.post(api + "/submit", headers={"X-CSRF-Token": coord.csrf},
                   json_body={"version": r.json()["report"]["version"]})
    check(r.status == 200, "submit: %d %s" % (r.status, r.text[:300]))
    check(coord.get("/api/v1/campaigns/charter-2022/reminders").status == 403, "coordinator sees reminders")

    # The charter gets automatic reminders through the API; being of 2022, it never sends them.
    doc = admin.get("/api/v1/campaigns/charter-2022").json()
    doc["reminders"] = {"days_before": [3], "after_due": True}
    r = admin.request("PUT", "/api/v1/campaigns/charter-2022", headers={"X-CSRF-Token": admin.csrf}, json_body=doc)
    check(r.status == 200 and r.json()["reminders"] == {"days_before": [3], "after_due": True},
          "reminders set: %d %s" % (r.status, r.text[:300]))

    # The list: every municipality but Nakhodka (submitted), with contacts.
    r = admin.get("/api/v1/campaigns/charter-2022/reminders")
    check(r.status == 200, "list: %d" % r.status)
    j = r.json()
    codes = [u["code"] for u in j["units"]]
    check("nakhodka" not in codes and "artem" in codes and "vladivostok" in codes, "who owes: %s" % codes)
    check(j["count"] == len(codes) == 33, "count: %d" % j["count"])
    art = [u for u in j["units"] if u["code"] == "artem"][0]
    check(art["email"] == EMAILS["artem"] and art["head"] == "Глава artem" and art["to"] == [EMAILS["artem"]]
          and art["status"] == "not_started", "artem row: %s" % art)
    check([u for u in j["units"] if u["code"] == "arsenyev"][0]["reachable"] is False, "no address")
    page = admin.get("/admin/campaigns/charter-2022/reminders")
    check(page.status == 200 and "Напомнить всем" in page.text and EMAILS["artem"] in page.text and
          "Артёмовский городской округ" in page.text and "нет адреса" in page.text, "reminders page")
    check("за 3 дн. до срока; на следующий день после срока" in page.text, "schedule shown")

    # Remind one.
    r = remind(admin, {"org_unit": "artem"})
    check(r.status == 200 and r.json()["queued"] == 1 and r.json()["units"] == ["artem"], "remind artem: %s" % r.text)
    m = sink.wait_for(1)[0]
    check(recipients(m) == [EMAILS["artem"]], "recipient: %s" % recipients(m))
    check(str(m["Subject"]) == "Срок сдачи отчёта по кампании «Цифровая этика детства» истёк",
          "subject: %r" % str(m["Subject"]))
    check(BASE + "/campaigns/charter-2022/reports/artem" in body(m) and "Артёмовский" in body(m), "body: %s" % body(m))

    # Refusals, nothing queued by them.
    before = srv.sql("SELECT count(*) FROM mail_outbox")
    r = remind(admin, {"org_unit": "nakhodka"})
    check(r.status == 409, "remind a submitted report: %d" % r.status)
    r = remind(admin, {"org_unit": "no-such"})
    check(r.status == 404, "remind an unknown unit: %d" % r.status)
    r = remind(admin, {"org_unit": "arsenyev"})
    check(r.status == 422 and r.json()["error"]["field"] == "org_unit", "no address: %d" % r.status)
    r = remind(admin, {})
    check(r.status == 422, "no target: %d" % r.status)
    r = remind(admin, {"all": True}, slug="no-such-campaign")
    check(r.status == 404, "unknown campaign: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM mail_outbox") == before, "a refusal queued mail")

    # Remind all: exactly those not submitted with an address.
    r = remind(admin, {"all": True})
    check(r.status == 200, "remind all: %d %s" % (r.status, r.text[:300]))
    j = r.json()
    check(sorted(j["units"]) == ["artem", "vladivostok"] and j["queued"] == 2, "remind all: %s" % j)
    check(len(j["skipped"]) == 31 and all(s["reason"] == "no_address" for s in j["skipped"]), "skipped")
    msgs = sink.wait_for(3)
    check(sorted(recipients(x)[0] for x in msgs[1:]) == sorted([EMAILS["artem"], EMAILS["vladivostok"]]),
          "remind all reached: %s" % [recipients(x) for x in msgs[1:]])
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action = 'reminder.queue'") == "3", "audited")

    # The same through the page's form.
    token = admin.csrf_from(page.text)
    r = admin.post("/admin/campaigns/charter-2022/reminders", form={"csrf_token": token, "all": "1"})
    check(r.status == 303 and "done=2" in r.header("Location"), "form remind all: %d %s" % (r.status, r.header("Location")))
    check("Поставлено в очередь писем: 2" in admin.get(r.header("Location")).text, "notice")
    r = admin.post("/admin/campaigns/charter-2022/reminders", form={"all": "1"})
    check(r.status == 403, "form without CSRF: %d" % r.status)
    sink.wait_for(5)


def automatic(srv, sink, admin):
    today = today_vladivostok()
    h = {"X-CSRF-Token": admin.csrf}
    soon = campaign("remind-soon", today + datetime.timedelta(days=3), {"days_before": [3, 1], "after_due": True},
                    ["artem", "nakhodka"])
    r = admin.post("/api/v1/campaigns", headers=h, json_body=soon)
    check(r.status == 201, "create remind-soon: %d %s" % (r.status, r.text[:300]))
    late = campaign("remind-late", today - datetime.timedelta(days=1), {"after_due": True}, ["vladivostok"])
    r = admin.post("/api/v1/campaigns", headers=h, json_body=late)
    check(r.status == 201, "create remind-late: %d %s" % (r.status, r.text[:300]))
    none = campaign("remind-none", today + datetime.timedelta(days=3), None, ["artem"])
    none.pop("reminders")
    check(admin.post("/api/v1/campaigns", headers=h, json_body=none).status == 201, "create remind-none")
    bad = campaign("remind-bad", today + datetime.timedelta(days=3), {"days_before": [0]}, ["artem"])
    r = admin.post("/api/v1/campaigns", headers=h, json_body=bad)
    check(r.status == 422 and "reminders.days_before[0]" in r.text, "bad reminders: %d %s" % (r.status, r.text[:200]))

    deadline = time.time() + 30
    while time.time() < deadline and (len(keys(srv, "remind-soon")) < 2 or len(keys(srv, "remind-late")) < 1):
        time.sleep(0.2)
    check(keys(srv, "remind-soon") == ["reminder:remind-soon:artem:before:3", "reminder:remind-soon:nakhodka:before:3"],
          "before reminders: %s" % keys(srv, "remind-soon"))
    check(keys(srv, "remind-late") == ["reminder:remind-late:vladivostok:after"], "after: %s" % keys(srv, "remind-late"))
    check(keys(srv, "remind-none") == [], "a campaign without reminders reminded")
    check(srv.sql("SELECT count(*) FROM mail_outbox WHERE campaign = 'charter-2022' AND dedup_key IS NOT NULL")
          == "0", "a campaign of 2022 sent automatic reminders")
    msgs = sink.wait_for(8)
    auto = [m for m in msgs if "Проверка напоминаний" in str(m["Subject"])]
    check(len(auto) == 3, "automatic mails: %d" % len(auto))
    for m in auto:
        if recipients(m) == [EMAILS["vladivostok"]]:
            check("истёк" in str(m["Subject"]) and BASE + "/campaigns/remind-late/reports/vladivostok" in body(m),
                  "after mail: %s / %s" % (m["Subject"], body(m)))
        else:
            check(str(m["Subject"]).endswith("— до срока 3 дня") and "/campaigns/remind-soon/reports/" in body(m),
                  "before mail: %s" % m["Subject"])
    # Many more scheduler runs: nothing new.
    time.sleep(3.5)
    check(len(keys(srv, "remind-soon")) == 2 and len(keys(srv, "remind-late")) == 1, "a reason was used twice")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action = 'reminder.queue' AND actor_login IS NULL") ==
          "3", "automatic reminders audited as the system")


def returned_owes(srv, sink, admin):
    """A returned report owes its submission again: listed, reminded one by one and with all."""
    api = "/api/v1/campaigns/charter-2022/reports/nakhodka"
    version = admin.get(api).json()["report"]["version"]
    r = admin.post(api + "/return", headers={"X-CSRF-Token": admin.csrf},
                   json_body={"version": version, "comment": "Добавьте ссылки на публикации."})
    check(r.status == 200 and r.json()["report"]["status"] == "returned", "return: %d %s" % (r.status, r.text[:300]))
    j = admin.get("/api/v1/campaigns/charter-2022/reminders").json()
    rows = [u for u in j["units"] if u["code"] == "nakhodka"]
    check(len(rows) == 1 and rows[0]["status"] == "returned" and j["count"] == 34,
          "a returned report is not listed as owing: %s" % [u["code"] for u in j["units"]])
    check(EMAILS["nakhodka"] in rows[0]["to"], "returned row: %s" % rows[0])
    mails = int(srv.sql("SELECT count(*) FROM mail_outbox"))
    sink.wait_for(mails)  # everything queued so far, the return's notice included, has arrived
    r = remind(admin, {"org_unit": "nakhodka"})
    check(r.status == 200 and r.json()["units"] == ["nakhodka"] and r.json()["queued"] >= 1,
          "remind a returned report: %d %s" % (r.status, r.text[:300]))
    n = r.json()["queued"]
    check(int(srv.sql("SELECT count(*) FROM mail_outbox")) == mails + n, "reminder queued")
    msgs = sink.wait_for(mails + n)
    check(any(EMAILS["nakhodka"] in recipients(m) and "истёк" in str(m["Subject"]) and
              "/campaigns/charter-2022/reports/nakhodka" in body(m) for m in msgs),
          "reminder of the returned report reached the sink")
    r = remind(admin, {"all": True})
    check(r.status == 200 and "nakhodka" in r.json()["units"], "remind all skips a returned report: %s" % r.text[:300])
    sink.wait_for(mails + n + r.json()["queued"])


def run():
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    os.makedirs(OUT, exist_ok=True)
    sink = Sink(os.path.join(OUT, name + "-sink-%d" % os.getpid()))
    env = {"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": "svodka@primorsky.example",
           "SVODKA_PUBLIC_URL": BASE, "SVODKA_REMINDER_INTERVAL": "1"}
    srv = None
    try:
        srv = Server(name, extra_env=env)
        admin = srv.client()
        check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
        set_emails(admin)
        manual(srv, sink, admin)
        automatic(srv, sink, admin)
        returned_owes(srv, sink, admin)
        total = srv.sql("SELECT count(*) FROM mail_outbox")
        db = srv.db
        srv.stop()
        # Across a restart: the scheduler runs again and queues nothing new.
        srv = Server(name + "-again", db=db, extra_env=env)
        time.sleep(3)
        check(srv.sql("SELECT count(*) FROM mail_outbox") == total, "a restart queued reminders again")
        srv.stop()
        srv = None
    except Exception:
        if srv is not None and srv.proc.poll() is None:
            srv.proc.kill()
            sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
        raise
    finally:
        sink.stop()
    print("ok", name)


run()
