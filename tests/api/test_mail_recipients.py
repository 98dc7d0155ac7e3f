"""Who is written to: a submitted report goes to the review mailbox and to
every active admin with an e-mail; a returned or accepted one to the
municipality's address and to its active coordinators — never to a
disabled coordinator or to another municipality's."""
import os

from smtp_sink import recipients
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, check, main, prepare_db, run_cli

API = "/api/v1/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна", "position": "специалист", "phone": "8 (423) 222-22-22",
                    "email": "elkina@nakhodka-city.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии"}]}


def cli(db, *args, stdin=None):
    rc, out, err = run_cli(*args, db=db, stdin=stdin)
    check(rc == 0, "%s: %s" % (args, err))


def test(srv, sink):
    db = srv.db
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    c = srv.client()
    check(c.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = c.request("PUT", API, headers={"X-CSRF-Token": c.csrf}, json_body={"version": 0, "data": DATA})
    check(r.status == 200, "save: %d" % r.status)
    r = c.post(API + "/submit", headers={"X-CSRF-Token": c.csrf}, json_body={"version": r.json()["report"]["version"]})
    check(r.status == 200, "submit: %d %s" % (r.status, r.text[:300]))
    got = sorted(recipients(m)[0] for m in sink.wait_for(2))
    check(got == ["chief@primorsky.example", "review@primorsky.example"], "submitted → %s" % got)

    version = r.json()["report"]["version"]
    r = admin.post(API + "/return", headers={"X-CSRF-Token": admin.csrf},
                   json_body={"version": version, "comment": "Уточните охват."})
    check(r.status == 200, "return: %d" % r.status)
    got = sorted(recipients(m)[0] for m in sink.wait_for(4)[2:])
    check(got == ["coord@nakhodka.example", "elkina@nakhodka-city.ru"], "returned → %s" % got)
    check(srv.sql("SELECT count(*) FROM mail_outbox WHERE recipient LIKE '%old.coord%' OR recipient LIKE '%artem%'")
          == "0", "a disabled or foreign coordinator was written to")


def prepared_db():
    """A database where Nakhodka has a second, disabled coordinator and
    Artyom a coordinator of its own, every user with an address."""
    import tempfile
    os.makedirs(OUT, exist_ok=True)
    d = tempfile.mkdtemp(prefix="test_mail_recipients-db-", dir=OUT)
    db = os.path.join(d, "svodka.db")
    prepare_db(db)
    cli(db, "user", "email", "admin", "chief@primorsky.example")
    cli(db, "user", "email", "coord", "coord@nakhodka.example")
    cli(db, "user", "add", "--login", "old.coord", "--role", "coordinator", "--org-unit", "nakhodka",
        "--email", "old.coord@nakhodka.example", stdin="пароль бывшего координатора\n")
    cli(db, "user", "disable", "old.coord")
    cli(db, "user", "add", "--login", "artem.coord", "--role", "coordinator", "--org-unit", "artem",
        "--email", "coord@artem.example", stdin="пароль координатора Артёма\n")
    return db


main(test, mail_env={"SVODKA_NOTIFY_TO": "review@primorsky.example"}, db=prepared_db())
