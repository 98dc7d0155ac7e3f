"""A child's personal data is nowhere in the clear: an entry with a
distinctive surname, a guardian, an e-mail, a phone and a school goes
through the whole path (entry, confirmation mail, admin card, decision),
and then none of those strings — in any case — is in the SQLite database
file, its WAL, or the server's log, while the admin's card does show them
(decrypted) and the key file beside the database is mode 0600."""
import os
import re
import stat
import time

from smtp_sink import Sink, body
from svodka_test import ADMIN_PASSWORD, OUT, Server, check

CLOCK = "2022-03-05T12:00:00+10:00"
BASE = "/api/v1/campaigns/charter-2022/contest"
SURNAME = "Квашнинникова"
GUARDIAN = "Квашнинников Евстафий Прокопьевич"
EMAIL = "kvashninnikov.evstafy@example.ru"
PHONE_DIGITS = "9145551937"
SCHOOL = "Гимназия «Снегирёк-Приморье»"
SECRETS = [SURNAME, "Евстафий", EMAIL, PHONE_DIGITS, "555-19-37", "Снегирёк", "2011-07-23"]


def forms(s):
    """The ways a string could sit in a file: as written, lower and upper case."""
    return {s, s.lower(), s.upper()}


def leaks(path):
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        data = f.read()
    found = []
    for secret in SECRETS:
        for form in forms(secret):
            if form.encode("utf-8") in data or form.encode("utf-16-le") in data:
                found.append(form)
    return found


def test(srv, sink):
    anon = srv.client()
    r = anon.get(BASE)
    check(r.status == 200, "rules: %d %s" % (r.status, r.text[:300]))
    token = r.json()["form_token"]
    time.sleep(5.5)  # the demo's min_form_seconds
    entry = {"form_token": token,
             "author": {"full_name": "Ксения " + SURNAME, "birth_date": "2011-07-23"},
             "org_unit": "nakhodka", "school": SCHOOL,
             "video_url": "https://www.tiktok.com/@kvash/video/7062947386237650178?is_from_webapp=1",
             "caption": "Наш ролик #хартия #ХартияПриморье #цифроваяэтикадетства",
             "title": "Правила в сети", "description": "Как мы с мамой договорились о времени в телефоне.",
             "guardian": {"full_name": GUARDIAN, "relation": "отец", "email": EMAIL,
                          "phone": "+7 (914) 555-19-37"},
             "consents": {"processing": True, "publication": False}}
    r = anon.post(BASE + "/entries", json_body=entry)
    check(r.status == 201, "entry: %d %s" % (r.status, r.text[:600]))
    got = r.json()
    entry_id = got["entry"]["id"]
    check(got["entry"]["status"] == "awaiting_confirmation", "a minor's entry waits: %s" % got)
    status_url = got["status_url"]
    for secret in SECRETS:
        check(secret not in status_url, "personal data in the status URL")

    # The confirmation mail reaches the guardian; its link confirms.
    msgs = sink.wait_for(1)
    check([a.addr_spec for a in msgs[0]["To"].addresses] == [EMAIL], "confirmation to the guardian")
    m = re.search(r"https?://\S+/confirm/[0-9a-f]{64}", body(msgs[0]))
    check(m is not None, "confirmation link in the mail: %s" % body(msgs[0]))
    path = re.sub(r"^https?://[^/]+", "", m.group(0))
    page = anon.get(path)
    check(page.status == 200, "confirm page: %d" % page.status)
    r = anon.post(path, form={"csrf_token": anon.csrf_from(page.text)})
    check(r.status in (200, 303), "confirm: %d %s" % (r.status, r.text[:300]))

    # The status page (public, by token) names no one.
    st = anon.get(re.sub(r"^https?://[^/]+", "", status_url))
    check(st.status == 200 and "получена" in st.text, "status after confirmation: %d" % st.status)
    check(not any(s in st.text for s in SECRETS), "personal data on the public status page")

    # The admin's card decrypts; the decision is audited without personal data.
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    card = admin.get("/api/v1/campaigns/charter-2022/contest/entries/%d" % entry_id)
    check(card.status == 200 and SURNAME in card.text and EMAIL in card.text,
          "the admin's card shows the data: %d %s" % (card.status, card.text[:300]))
    version = card.json()["entry"]["version"]
    r = admin.post("/api/v1/campaigns/charter-2022/contest/entries/%d/decision" % entry_id,
                   headers={"X-CSRF-Token": admin.csrf}, json_body={"version": version, "status": "accepted"})
    check(r.status == 200, "accept: %d %s" % (r.status, r.text[:300]))
    audit = admin.get("/api/v1/audit")
    check(audit.status == 200 and not any(s in audit.text for s in SECRETS), "personal data in the audit log")
    # The outbox page shows contest mail sealed.
    mail = admin.get("/admin/mail")
    check(mail.status == 200 and EMAIL not in mail.text, "the outbox page shows the guardian's address")

    for f in (srv.db, srv.db + "-wal", srv.log):
        found = leaks(f)
        check(not found, "%s holds %s in the clear" % (os.path.basename(f), found))
    key = srv.db + ".key"
    check(os.path.exists(key), "no key file beside the database")
    check(stat.S_IMODE(os.stat(key).st_mode) == 0o600, "key file mode %o" % stat.S_IMODE(os.stat(key).st_mode))
    check(srv.sql("SELECT count(*) FROM contest_entries WHERE pd_sealed LIKE 's1.%'") == "1",
          "the entry is stored sealed")


def run():
    os.makedirs(OUT, exist_ok=True)
    sink = Sink(os.path.join(OUT, "test_contest_privacy-sink-%d" % os.getpid()))
    srv = None
    try:
        srv = Server("test_contest_privacy", args=["--clock", CLOCK, "--public-url", "https://svodka.example.ru"],
                     extra_env={"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": "svodka@primorsky.example"})
        test(srv, sink)
        log = srv.stop()
        srv = None
        for secret in SECRETS:
            check(secret not in log, "the log holds personal data after shutdown")
    except Exception:
        if srv is not None:
            srv.proc.kill()
            print(srv.read_log()[-4000:])
        raise
    finally:
        sink.stop()
    print("ok test_contest_privacy")


run()
