"""An address with a Cyrillic domain (IDN) is one e-mail rule everywhere:
«Priemnaya@Администрация.РФ» on an org unit, «glava@администрация.рф» on a
user by the API, the users page and `svodka user add/email` are accepted
and stored alike, with the domain in punycode; the reminders list shows
them as the municipality's recipients and the reminder reaches the SMTP
sink at those addresses. An address with Russian letters before the '@'
(«глава@администрация.рф»), which the mailer cannot send to, is refused
with the same message on the org unit, the user (API and page) and the
command line, and nothing is stored."""

from smtp_sink import recipients
from svodka_test import ADMIN_PASSWORD, check, main, run_cli

PUNY = "xn--80aalqabyj2ajl4c8g.xn--p1ai"  # администрация.рф
UNIT = "Priemnaya@" + PUNY  # the local part keeps its case
HEAD = "glava@" + PUNY
DEPUTY = "zam@" + PUNY
NOT_ASCII = "глава@администрация.рф"


def test(srv, sink):
    a = srv.client()
    check(a.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    h = {"X-CSRF-Token": a.csrf}

    # The org unit.
    u = a.get("/api/v1/org-units/artem").json()
    body = {"name": u["name"], "kind": u["kind"], "version": u["version"], "email": NOT_ASCII}
    r = a.request("PUT", "/api/v1/org-units/artem", headers=h, json_body=body)
    check(r.status == 422 and r.json()["error"]["field"] == "email", "org unit, Cyrillic local part: %d %s" %
          (r.status, r.text[:300]))
    message = r.json()["error"]["message"]
    check("русскими буквами" in message, "org unit message: %s" % message)
    r = a.request("PUT", "/api/v1/org-units/artem", headers=h,
                  json_body=dict(body, email=" Priemnaya@Администрация.РФ "))
    check(r.status == 200 and r.json()["email"] == UNIT, "org unit IDN: %d %s" % (r.status, r.text[:300]))
    check(srv.sql("SELECT email FROM org_units WHERE code='artem'") == UNIT, "org unit stored")

    # A user by the API: refused with the same message, then accepted.
    user = {"login": "artem.glava", "role": "coordinator", "org_unit": "artem", "email": NOT_ASCII}
    r = a.post("/api/v1/users", headers=h, json_body=user)
    check(r.status == 422 and r.json()["error"]["field"] == "email" and r.json()["error"]["message"] == message,
          "user, Cyrillic local part: %d %s" % (r.status, r.text[:300]))
    check(srv.sql("SELECT count(*) FROM users WHERE login='artem.glava'") == "0", "refused user stored")
    r = a.post("/api/v1/users", headers=h, json_body=dict(user, email="glava@администрация.рф"))
    check(r.status == 201 and r.json()["user"]["email"] == HEAD, "user IDN: %d %s" % (r.status, r.text[:300]))
    uid = r.json()["user"]["id"]
    r = a.request("PUT", "/api/v1/users/%d/email" % uid, headers=h, json_body={"email": NOT_ASCII})
    check(r.status == 422 and r.json()["error"]["message"] == message, "user e-mail, Cyrillic local part")
    check(srv.sql("SELECT email FROM users WHERE login='artem.glava'") == HEAD, "user stored")

    # The users page says the same.
    c = srv.client()
    check(c.login_form("admin", ADMIN_PASSWORD).status == 303, "form sign-in")
    token = c.csrf_from(c.get("/admin/users").text)
    r = c.post("/admin/users", form={"csrf_token": token, "login": "artem.zam", "role": "juror", "email": NOT_ASCII})
    check(r.status == 422 and message in r.text, "users page, Cyrillic local part: %d" % r.status)

    # The command line: the same rule and the same stored form.
    rc, out, err = run_cli("user", "add", "--login", "artem.zam", "--role", "coordinator", "--org-unit", "artem",
                           "--email", NOT_ASCII, db=srv.db, stdin="a good long password\n")
    check(rc == 2 and message in err and err.count("\n") == 1, "CLI, Cyrillic local part: %d %s" % (rc, err))
    rc, out, err = run_cli("user", "add", "--login", "artem.zam", "--role", "coordinator", "--org-unit", "artem",
                           "--email", "Zam@АДМИНИСТРАЦИЯ.рф", db=srv.db, stdin="a good long password\n")
    check(rc == 0, "CLI IDN: %d %s" % (rc, err))
    check(srv.sql("SELECT email FROM users WHERE login='artem.zam'") == "Zam@" + PUNY, "CLI stored")
    rc, out, err = run_cli("user", "email", "artem.zam", "zam@администрация.рф", db=srv.db)
    check(rc == 0 and srv.sql("SELECT email FROM users WHERE login='artem.zam'") == DEPUTY,
          "CLI user email IDN: %d %s" % (rc, err))
    rc, out, err = run_cli("user", "email", "artem.zam", NOT_ASCII, db=srv.db)
    check(rc == 2 and message in err, "CLI user email, Cyrillic local part: %d %s" % (rc, err))
    check(srv.sql("SELECT email FROM users WHERE login='artem.zam'") == DEPUTY, "CLI refusal stored")

    # The reminders: the municipality has recipients, and the mail reaches them.
    j = a.get("/api/v1/campaigns/charter-2022/reminders").json()
    row = [x for x in j["units"] if x["code"] == "artem"][0]
    check(row["to"] == [UNIT, HEAD, DEPUTY] and row["reachable"] is True, "reminders row: %s" % row)
    r = a.post("/api/v1/campaigns/charter-2022/reminders", headers=h, json_body={"org_unit": "artem"})
    check(r.status == 200 and r.json()["queued"] == 3, "remind: %d %s" % (r.status, r.text[:300]))
    got = sorted(recipients(m)[0] for m in sink.wait_for(3))
    check(got == sorted([UNIT, HEAD, DEPUTY]), "sink recipients: %s" % got)


main(test, mail_env={})
