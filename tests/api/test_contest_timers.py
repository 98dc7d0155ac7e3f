"""The contest's timed work, on the server's own clock (--clock) over one
database: three days after a minor's entry the guardian gets one reminder
with a fresh link (the old link stops working); seven days after it an
entry never confirmed expires and its personal data is erased, while a
confirmed one stays; retention_days after the results are published the
worker purges the contest by itself and writes a destruction record with
no user and the legal ground."""
import os
import re
import time

from contest_fixture import BASE, MINOR, SLUG, entry, form_token
from smtp_sink import Sink, body
from svodka_test import ADMIN_PASSWORD, OUT, Server, check

PATH = re.compile(r"^https?://[^/]+")
LINK = re.compile(r"https?://\S+/confirm/[0-9a-f]{64}")


def server(name, clock, sink, db=None):
    return Server(name, db=db, args=["--clock", clock, "--public-url", "https://svodka.example.ru"],
                  extra_env={"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": "svodka@primorsky.example",
                             "SVODKA_REMINDER_INTERVAL": "1"})


def wait_sql(srv, query, want, what):
    for _ in range(100):
        if srv.sql(query) == want:
            return
        time.sleep(0.1)
    check(False, "%s: %s is %s, not %s" % (what, query, srv.sql(query), want))


def test(sink):
    a = server("test_contest_timers-a", "2022-03-01T12:00:00+10:00", sink)
    anon = a.client()
    token = form_token(anon)
    x = anon.post(BASE + "/entries", json_body=entry(MINOR, token)).json()
    y = anon.post(BASE + "/entries", json_body=entry(
        MINOR, token, video_url="https://yappy.media/v/Zz9yy8",
        guardian={"full_name": "Иванова Анна Петровна", "relation": "мать", "email": "ivanova.ap@example.ru",
                  "phone": "+79140000001"})).json()
    receipts = sink.wait_for(2)
    old_y = [LINK.search(body(m)).group(0) for m in receipts if "ivanova" in str(m["To"])][0]
    db = a.db
    a.stop()

    # Three days and an hour later: one reminder each, with a new link.
    b = server("test_contest_timers-b", "2022-03-04T13:00:00+10:00", sink, db=db)
    msgs = sink.wait_for(4)[2:]
    check(all("Подтвердите заявку" in str(m["Subject"]) for m in msgs), "reminders: %s" % [str(m["Subject"]) for m in msgs])
    new_y = [LINK.search(body(m)).group(0) for m in msgs if "ivanova" in str(m["To"])][0]
    check(new_y != old_y, "the reminder carries a fresh link")
    anon = b.client()
    r = anon.post("/api/v1" + PATH.sub("", old_y), json_body={})
    check(r.status == 404, "the old link no longer confirms: %d %s" % (r.status, r.text[:200]))
    r = anon.post("/api/v1" + PATH.sub("", new_y), json_body={})
    check(r.status == 200, "the new link confirms: %d %s" % (r.status, r.text[:200]))
    time.sleep(2.5)  # two more ticks: no second reminder
    check(len(sink.messages()) == 4, "one reminder only: %d mails" % len(sink.messages()))
    b.stop()

    # Seven days after: the unconfirmed entry expires and is erased; the confirmed one stays.
    c = server("test_contest_timers-c", "2022-03-08T13:00:00+10:00", sink, db=db)
    wait_sql(c, "SELECT status FROM contest_entries WHERE id = %d" % x["entry"]["id"], "expired", "expiry")
    check(c.sql("SELECT count(*) FROM contest_entries WHERE id = %d AND pd_sealed IS NULL AND video_hash IS NULL"
                % x["entry"]["id"]) == "1", "the expired entry's data erased")
    check(c.sql("SELECT status FROM contest_entries WHERE id = %d" % y["entry"]["id"]) == "received", "confirmed stays")
    anon = c.client()
    st = anon.get(PATH.sub("", x["status_url"]))
    check(st.status == 200 and "не подтверждена вовремя" in st.text, "the status page says so")
    admin = c.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin")
    h = {"X-CSRF-Token": admin.csrf}
    check(admin.post(BASE + "/decisions", headers=h, json_body={"ids": [y["entry"]["id"]], "status": "accepted"}).status == 200, "accept")
    check(admin.post(BASE + "/judging", headers=h, json_body={"closed": True}).status == 200, "close")
    check(admin.post(BASE + "/publish", headers=h, json_body={}).status == 200, "publish")
    c.stop()

    # 89 days later nothing happens; 91 days later the worker purges.
    d = server("test_contest_timers-d", "2022-06-06T12:00:00+10:00", sink, db=db)
    time.sleep(2.5)
    check(d.sql("SELECT count(*) FROM contest_destructions") == "0", "no purge before retention ends")
    d.stop()
    e = server("test_contest_timers-e", "2022-06-08T13:00:00+10:00", sink, db=db)
    wait_sql(e, "SELECT count(*) FROM contest_destructions", "1", "the automatic purge")
    check(e.sql("SELECT by_user IS NULL FROM contest_destructions") == "1", "by no user")
    check("Автоматически" in e.sql("SELECT ground FROM contest_destructions") and
          "152-ФЗ" in e.sql("SELECT ground FROM contest_destructions"), "the ground names the law")
    check(e.sql("SELECT count(*) FROM contest_entries WHERE pd_sealed IS NOT NULL") == "0", "nothing personal left")
    e.stop()


def run():
    os.makedirs(OUT, exist_ok=True)
    sink = Sink(os.path.join(OUT, "test_contest_timers-sink-%d" % os.getpid()))
    try:
        test(sink)
    finally:
        sink.stop()
    print("ok test_contest_timers")


run()
