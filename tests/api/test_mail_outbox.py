"""The outbox loses nothing: with the SMTP server down, queued mail stays
queued with its attempts and last error visible to the admin (page and
JSON); once the server is up it is delivered after the backoff. Without
--smtp-url mail waits in the queue (the page says sending is off) and a
later server with SMTP configured, on the same database, delivers it. A
mail that keeps failing is given up after the configured number of
attempts and shown as failed. Backoff and attempts are sped up with the
testing knobs SVODKA_MAIL_RETRY_BASE and SVODKA_MAIL_MAX_ATTEMPTS."""
import os
import sys
import time

from smtp_sink import Sink, body, free_port, recipients
from svodka_test import ADMIN_PASSWORD, OUT, Server, check

FROM = "svodka@primorsky.example"


def admin_of(srv):
    a = srv.client()
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    return a


def set_email(a, code, name, kind, email):
    r = a.get("/api/v1/org-units/" + code)
    check(r.status == 200, "org unit %s: %d" % (code, r.status))
    version = r.json()["unit"]["version"] if "unit" in r.json() else r.json()["version"]
    r = a.request("PUT", "/api/v1/org-units/" + code, headers={"X-CSRF-Token": a.csrf},
                  json_body={"name": name, "kind": kind, "version": version, "email": email})
    check(r.status == 200, "set e-mail of %s: %d %s" % (code, r.status, r.text[:200]))


def remind(a, code):
    r = a.post("/api/v1/campaigns/charter-2022/reminders", headers={"X-CSRF-Token": a.csrf},
               json_body={"org_unit": code})
    check(r.status == 200 and r.json()["queued"] == 1, "remind %s: %d %s" % (code, r.status, r.text[:300]))


def mails(a):
    r = a.get("/api/v1/mail")
    check(r.status == 200, "outbox: %d" % r.status)
    return r.json()


def wait(pred, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def smtp_down_then_up(name):
    port = free_port()
    srv = Server(name + "-down", extra_env={"SVODKA_SMTP_URL": "smtp://127.0.0.1:%d" % port,
                                            "SVODKA_SMTP_FROM": FROM, "SVODKA_MAIL_RETRY_BASE": "1",
                                            "SVODKA_MAIL_MAX_ATTEMPTS": "6"})
    sink = None
    try:
        a = admin_of(srv)
        set_email(a, "nakhodka", "Находкинский городской округ", "urban_okrug", "adm@nakhodka-city.ru")
        set_email(a, "artem", "Артёмовский городской округ", "urban_okrug", "artem@artemokrug.ru")
        remind(a, "nakhodka")
        remind(a, "artem")
        # Attempts fail while nothing listens: still queued, with the error to see.
        j = wait(lambda: (lambda j: j if all(m["attempts"] >= 1 for m in j["mails"]) else None)(mails(a)), 30,
                 "failed attempts")
        check(j["counts"]["queued"] == 2 and j["counts"]["sent"] == 0 and j["total"] == 2, "counts: %s" % j["counts"])
        for m in j["mails"]:
            check(m["status"] == "queued" and m["last_error"] and m["next_attempt_at"] > m["created_at"],
                  "mail after a failure: %s" % m)
            check(m["kind"] == "reminder" and m["sent_at"] is None, "kind/sent_at: %s" % m)
        page = a.get("/admin/mail")
        check(page.status == 200 and "в очереди" in page.text and "следующая попытка" in page.text,
              "outbox page while down")
        check("Failed to connect" in j["mails"][0]["last_error"] and "Failed to connect" in page.text,
              "error in JSON and on the page: %s" % j["mails"][0]["last_error"])
        check(srv.sql("SELECT count(*) FROM mail_outbox WHERE status = 'queued'") == "2", "stored queued")

        # The server comes up: both are delivered after the backoff, nothing lost.
        sink = Sink(os.path.join(OUT, name + "-sink-%d" % os.getpid()), port=port)
        msgs = sink.wait_for(2, timeout=60)
        got = sorted(recipients(m)[0] for m in msgs)
        check(got == ["adm@nakhodka-city.ru", "artem@artemokrug.ru"], "delivered to: %s" % got)
        for m in msgs:
            check("Цифровая этика детства" in str(m["Subject"]), "subject: %r" % str(m["Subject"]))
            check("/campaigns/charter-2022/reports/" in body(m), "link")
        j = wait(lambda: (lambda j: j if j["counts"]["sent"] == 2 else None)(mails(a)), 20, "sent status")
        check(all(m["status"] == "sent" and m["attempts"] >= 1 and m["sent_at"] for m in j["mails"]),
              "sent mails: %s" % j["mails"])
        srv.stop()
        srv = None
    except Exception:
        if srv is not None:
            srv.proc.kill()
            sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
        raise
    finally:
        if sink:
            sink.stop()


def no_smtp_then_restart(name):
    srv = Server(name + "-off")
    db = srv.db
    sink = None
    try:
        a = admin_of(srv)
        set_email(a, "nakhodka", "Находкинский городской округ", "urban_okrug", "adm@nakhodka-city.ru")
        remind(a, "nakhodka")
        time.sleep(1.5)
        j = mails(a)
        check(j["sending"] is False, "sending flag without SMTP")
        check(j["counts"]["queued"] == 1 and j["mails"][0]["attempts"] == 0, "waiting, untried: %s" % j)
        page = a.get("/admin/mail")
        check("Отправка почты не настроена" in page.text, "sending-off note")
        rem = a.get("/admin/campaigns/charter-2022/reminders")
        check("Отправка почты не настроена" in rem.text, "sending-off note on the reminders page")
        srv.stop()

        sink = Sink(os.path.join(OUT, name + "-sink2-%d" % os.getpid()))
        srv = Server(name + "-on", db=db, extra_env={"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": FROM})
        msgs = sink.wait_for(1, timeout=30)
        check(recipients(msgs[0]) == ["adm@nakhodka-city.ru"], "delivered after restart")
        a = admin_of(srv)
        wait(lambda: mails(a)["counts"]["sent"] == 1, 20, "sent after restart")
        srv.stop()
        srv = None
    except Exception:
        if srv is not None and srv.proc.poll() is None:
            srv.proc.kill()
            sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
        raise
    finally:
        if sink:
            sink.stop()


def gives_up(name):
    srv = Server(name + "-fail", extra_env={"SVODKA_SMTP_URL": "smtp://127.0.0.1:%d" % free_port(),
                                            "SVODKA_SMTP_FROM": FROM, "SVODKA_MAIL_RETRY_BASE": "1",
                                            "SVODKA_MAIL_MAX_ATTEMPTS": "2"})
    try:
        a = admin_of(srv)
        set_email(a, "nakhodka", "Находкинский городской округ", "urban_okrug", "adm@nakhodka-city.ru")
        remind(a, "nakhodka")
        j = wait(lambda: (lambda j: j if j["counts"]["failed"] == 1 else None)(mails(a)), 30, "failed status")
        m = j["mails"][0]
        check(m["status"] == "failed" and m["attempts"] == 2 and m["last_error"], "given up: %s" % m)
        time.sleep(2)
        check(mails(a)["mails"][0]["attempts"] == 2, "a failed mail was tried again")
        r = a.get("/api/v1/mail?status=failed")
        check(r.status == 200 and r.json()["total"] == 1, "failed filter")
        check(a.get("/api/v1/mail?status=sent").json()["total"] == 0, "sent filter")
        page = a.get("/admin/mail?status=failed")
        check(page.status == 200 and "не доставлено" in page.text, "failed on the page")
        srv.stop()
        srv = None
    except Exception:
        if srv is not None:
            srv.proc.kill()
            sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
        raise


def run():
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    os.makedirs(OUT, exist_ok=True)
    smtp_down_then_up(name)
    no_smtp_then_restart(name)
    gives_up(name)
    print("ok", name)


run()
