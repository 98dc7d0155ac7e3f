"""The contest end to end through the API, as the demo runs it: a parent
enters a child's video inside the window, confirms by the mailed link and
sees the status; a moderator rejects one entry (a reason from the list)
and accepts the others in bulk, each decision mailed; three jurors (one
from a municipality that has an entry) score; judging closes; the admin
publishes; the results name only entrants who consented; the protocol is
there as XLSX and as a print view; the purge leaves no personal data, a
destruction record and the anonymous statistics, and `svodka purge` from
the command line writes a second record."""
import os
import re

from contest_fixture import BASE, CLOCK, JUROR_PASSWORD, MINOR, SLUG, TEEN, add_juror, entry, form_token
from smtp_sink import Sink, body
from svodka_test import ADMIN_PASSWORD, OUT, Server, check, run_cli

PATH = re.compile(r"^https?://[^/]+")


def submit(anon, e):
    r = anon.post(BASE + "/entries", json_body=e)
    check(r.status == 201, "entry: %d %s" % (r.status, r.text[:600]))
    return r.json()


def confirm_all(anon, sink, n):
    """Confirms every entry whose receipt came in, by the link in the mail."""
    msgs = sink.wait_for(n)
    for m in msgs:
        link = re.search(r"https?://\S+/confirm/[0-9a-f]{64}", body(m))
        check(link, "a confirmation link in %s" % body(m)[:400])
        r = anon.post("/api/v1" + PATH.sub("", link.group(0)), json_body={})
        check(r.status == 200, "confirm: %d %s" % (r.status, r.text[:300]))
    return msgs


def score(srv, login, entry_id, values, status=200):
    j = srv.client()
    check(j.login_api(login, JUROR_PASSWORD).status == 200, "%s signs in" % login)
    r = j.request("PUT", "/api/v1/jury/%s/entries/%d/score" % (SLUG, entry_id),
                  headers={"X-CSRF-Token": j.csrf},
                  json_body={"scores": {"principles": values[0], "creativity": values[1], "quality": values[2]}})
    check(r.status == status, "%s scores %d: %d %s" % (login, entry_id, r.status, r.text[:300]))


def test(srv, sink):
    anon = srv.client()
    page = anon.get("/campaigns/%s/contest" % SLUG)
    check(page.status == 200, "rules page: %d" % page.status)
    for text in ("Раскрытие принципов Хартии", "08.03.2022", "#ХартияПриморье", "Творческий подход"):
        check(text in page.text, "the rules page shows %s" % text)
    check("первом критерии" in page.text or "по первому критерию" in page.text, "the tie-break rule is on the page")

    token = form_token(anon)
    e1 = submit(anon, entry(MINOR, token))
    check(e1["entry"]["status"] == "awaiting_confirmation" and e1["entry"]["nomination"] == "age-7-10",
          "a 9-year-old's entry waits, nomination 7–10: %s" % e1)
    e2 = submit(anon, entry(TEEN, token))
    check(e2["entry"]["nomination"] == "age-15-17", "a 15-year-old: %s" % e2)
    e3 = submit(anon, entry(MINOR, token, video_url="https://yappy.media/v/AbC123xyz",
                            author={"full_name": "Ёлкин Пётр Сергеевич", "birth_date": "2013-01-10"}))
    e4 = submit(anon, entry(MINOR, token, org_unit="artem", video_url="https://vt.tiktok.com/ZSabc123/",
                            author={"full_name": "Фёдорова Алиса Игоревна", "birth_date": "2014-02-02"},
                            guardian={"full_name": "Фёдорова Анна Олеговна", "relation": "мать",
                                      "email": "fedorova.ao@example.ru", "phone": "+79241112233"},
                            consents={"processing": True, "publication": False}))
    ids = [e["entry"]["id"] for e in (e1, e2, e3, e4)]
    st = anon.get(PATH.sub("", e1["status_url"]).replace("/campaigns/", "/api/v1/campaigns/", 1))
    check(st.status == 200 and st.json()["entry"]["status"] == "awaiting_confirmation", "status before: %s" % st.text[:300])
    receipts = confirm_all(anon, sink, 4)
    check(sorted(str(m["To"]) for m in receipts) ==
          sorted(["elkin.sp@example.ru", "gordeeva.ov@example.ru", "elkin.sp@example.ru", "fedorova.ao@example.ru"]),
          "receipts to the guardians: %s" % [str(m["To"]) for m in receipts])
    st = anon.get(PATH.sub("", e1["status_url"]).replace("/campaigns/", "/api/v1/campaigns/", 1))
    check(st.json()["entry"]["status"] == "received", "status after the confirmation: %s" % st.text[:300])

    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    h = {"X-CSRF-Token": admin.csrf}
    q = admin.get(BASE + "/entries?status=received")
    check(q.status == 200 and q.json()["total"] == 4, "the queue: %s" % q.text[:300])
    check("Ёлкина" not in q.text and "elkin" not in q.text, "the queue shows no names")
    flagged = admin.get(BASE + "/entries?flag=same_person").json()
    check(flagged["total"] == 0, "different children are not flagged: %s" % flagged)
    card = admin.get(BASE + "/entries/%d" % ids[0]).json()["entry"]
    check(card["pd"]["author"]["full_name"] == "Ёлкина Мария Сергеевна" and card["hashtags_ok"],
          "the card opens the data: %s" % card)
    check(card["video_url"] == "https://www.tiktok.com/@masha/video/7062947386237650101", "canonical URL on the card")

    # A rejection needs a reason from the list, and «другое» a note: 422, nothing changed.
    r = admin.post(BASE + "/entries/%d/decision" % ids[2], headers=h,
                   json_body={"status": "rejected", "reason": "other", "version": card["version"]})
    check(r.status == 422 and r.json()["error"]["field"] == "note", "other without a note: %d %s" % (r.status, r.text))
    r = admin.post(BASE + "/entries/%d/decision" % ids[2], headers=h,
                   json_body={"status": "rejected", "reason": "whatever", "version": 1})
    check(r.status == 422 and r.json()["error"]["field"] == "reason", "unknown reason: %d" % r.status)
    check(srv.sql("SELECT status FROM contest_entries WHERE id = %d" % ids[2]) == "received", "still received")
    v3 = admin.get(BASE + "/entries/%d" % ids[2]).json()["entry"]["version"]
    r = admin.post(BASE + "/entries/%d/decision" % ids[2], headers=h,
                   json_body={"status": "rejected", "reason": "off_topic", "note": "Ролик не о хартии.", "version": v3})
    check(r.status == 200 and r.json()["entry"]["status"] == "rejected", "reject: %d %s" % (r.status, r.text[:300]))
    r = admin.post(BASE + "/entries/%d/decision" % ids[2], headers=h,
                   json_body={"status": "accepted", "version": v3})
    check(r.status == 409, "a stale version: %d" % r.status)
    r = admin.post(BASE + "/decisions", headers=h, json_body={"ids": [ids[0], ids[1], ids[3]], "status": "accepted"})
    check(r.status == 200 and sorted(r.json()["decided"]) == sorted([ids[0], ids[1], ids[3]]), "bulk: %s" % r.text)
    decisions = sink.wait_for(8)[4:]
    subjects = [str(m["Subject"]) for m in decisions]
    check(sum("отклонена" in s for s in subjects) == 1 and sum("принята" in s for s in subjects) == 3,
          "decision mails: %s" % subjects)
    check(any("не по теме" in body(m) and "Ролик не о хартии." in body(m) for m in decisions), "the reason is in the mail")
    audit = admin.get("/api/v1/audit")
    check("contest.entry.reject" in audit.text and "Ёлкин" not in audit.text, "decisions audited without names")

    # Jurors: one from Nakhodka (never sees Nakhodka's entries), two others.
    j1 = add_juror(srv, "juror.nakhodka", "nakhodka")
    j2 = add_juror(srv, "juror.two")
    j3 = add_juror(srv, "juror.three")
    for j in (j1, j2, j3):
        r = admin.post(BASE + "/jurors", headers=h, json_body={"user_id": j, "nomination": "", "action": "add"})
        check(r.status == 200, "juror assigned: %d %s" % (r.status, r.text[:300]))
    coord = int(srv.sql("SELECT id FROM users WHERE login = 'coord'"))
    r = admin.post(BASE + "/jurors", headers=h, json_body={"user_id": coord, "action": "add"})
    check(r.status == 422 and "член жюри" in r.json()["error"]["message"], "a coordinator is no juror: %s" % r.text)
    score(srv, "juror.nakhodka", ids[0], [10, 10, 10], status=404)
    score(srv, "juror.two", ids[0], [9, 9, 9])
    score(srv, "juror.three", ids[0], [8, 8, 8])
    score(srv, "juror.nakhodka", ids[3], [5, 5, 5])
    score(srv, "juror.two", ids[3], [6, 6, 6])
    score(srv, "juror.three", ids[3], [7, 7, 7])
    score(srv, "juror.two", ids[1], [7, 8, 9])
    score(srv, "juror.two", ids[2], [1, 1, 1], status=404)  # rejected: in no queue

    r = admin.post(BASE + "/publish", headers=h, json_body={})
    check(r.status == 409, "publishing before judging closes: %d" % r.status)
    r = admin.post(BASE + "/judging", headers=h, json_body={"closed": True})
    check(r.status == 200 and r.json()["judging_closed"], "judging closed: %s" % r.text[:300])
    score(srv, "juror.three", ids[1], [5, 5, 5], status=409)
    r = admin.post(BASE + "/publish", headers=h, json_body={})
    check(r.status == 200 and r.json()["published"], "published: %d %s" % (r.status, r.text[:300]))
    r = admin.post(BASE + "/judging", headers=h, json_body={"closed": False})
    check(r.status == 409, "judging cannot reopen after publication: %d" % r.status)

    res = anon.get(BASE + "/results")
    check(res.status == 200, "results JSON: %d" % res.status)
    noms = {n["code"]: n["entries"] for n in res.json()["results"]["nominations"]}
    young = noms["age-7-10"]
    check([x["id"] for x in young] == [ids[0], ids[3]] and young[0]["rank"] == 1 and young[1]["rank"] == 2,
          "ranking 7–10: %s" % young)
    check(young[0]["score"] == 85 and young[1]["score"] == 60, "scores 85 and 60: %s" % young)
    check(young[0]["author"] == "Ёлкина Мария Сергеевна", "a consenting author is named")
    check("author" not in young[1] and "video_url" not in young[1], "no name without consent: %s" % young[1])
    teen = noms["age-15-17"]
    check(teen[0]["ranked"] is False and teen[0]["rank"] is None, "one score of two: not ranked: %s" % teen)
    html = anon.get("/campaigns/%s/contest/results" % SLUG)
    check(html.status == 200 and "Ёлкина Мария Сергеевна" in html.text and "Фёдорова" not in html.text
          and "участник из муниципального образования «Артёмовский городской округ»" in html.text,
          "results page: %s" % html.text[:2000])
    check("не ранжирована" in html.text, "the unranked entry is listed as such")

    x = admin.get(BASE + "/protocol.xlsx")
    check(x.status == 200 and x.body[:2] == b"PK" and "spreadsheetml" in x.header("Content-Type"),
          "protocol.xlsx: %d %s" % (x.status, x.header("Content-Type")))
    check(b"\xd0\x81\xd0\xbb\xd0\xba\xd0\xb8\xd0\xbd\xd0\xb0" not in x.body, "no name in the workbook")
    p = admin.get("/admin/campaigns/%s/contest/protocol" % SLUG)
    check(p.status == 200 and "Протокол заседания жюри" in p.text and "Ёлкина" not in p.text, "print view")
    check(anon.get(BASE + "/protocol.xlsx").status in (401, 403), "the protocol is not public")

    # The purge: nothing personal left, a record, the statistics kept, names gone from the results.
    r = admin.post(BASE + "/purge", headers=h, json_body={"ground": "Цели обработки достигнуты"})
    check(r.status == 200 and r.json()["purged"], "purge: %d %s" % (r.status, r.text[:300]))
    check(srv.sql("SELECT count(*) FROM contest_entries WHERE pd_sealed IS NOT NULL OR video_sealed IS NOT NULL "
                  "OR title IS NOT NULL OR contact_hash IS NOT NULL OR person_hash IS NOT NULL") == "0",
          "no personal data after the purge")
    check(srv.sql("SELECT count(*) FROM mail_outbox WHERE dedup_key LIKE 'contest:%'") == "0", "the contest's mail erased")
    recs = r.json()["destructions"]
    check(len(recs) == 1 and recs[0]["records"] == 4 and recs[0]["statistics"]["by_org_unit"]["nakhodka"] == 2,
          "the destruction record: %s" % recs)
    res = anon.get(BASE + "/results").json()
    check("Ёлкина" not in str(res) and res["results"]["nominations"], "results without names after the purge")
    csv = admin.get("/admin/campaigns/%s/contest/destructions.csv" % SLUG)
    check(csv.status == 200 and csv.body.startswith(b"\xef\xbb\xbf") and "Цели обработки достигнуты" in csv.text,
          "records as CSV: %s" % csv.text[:300])
    card = admin.get(BASE + "/entries/%d" % ids[0]).json()["entry"]
    check(card["erased"] and "pd" not in card, "the card after the purge: %s" % card)
    return srv


def run():
    os.makedirs(OUT, exist_ok=True)
    sink = Sink(os.path.join(OUT, "test_contest_flow-sink-%d" % os.getpid()))
    srv = None
    try:
        srv = Server("test_contest_flow", args=["--clock", CLOCK, "--public-url", "https://svodka.example.ru"],
                     extra_env={"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": "svodka@primorsky.example",
                                "SVODKA_REMINDER_INTERVAL": "1"})
        test(srv, sink)
        srv.stop()
        rc, out, err = run_cli("purge", "--campaign", SLUG, db=srv.db)
        check(rc == 0 and "0 entries" in out, "svodka purge: %d %s %s" % (rc, out, err))
        rc, out, err = run_cli("purge", "--campaign", "nope", db=srv.db)
        check(rc == 1 and "no campaign nope" in err, "purge of an unknown campaign: %d %s" % (rc, err))
        rc, out, err = run_cli("purge", db=srv.db)
        check(rc == 2 and "--campaign" in err, "purge without a campaign: %d %s" % (rc, err))
        check(srv.sql("SELECT count(*) FROM contest_destructions") == "2", "the command's record")
        check(srv.sql("SELECT count(*) FROM audit_events WHERE action = 'contest.purge'") == "2", "purges audited")
        srv = None
    except Exception:
        if srv is not None and srv.proc.poll() is None:
            srv.proc.kill()
            print(srv.read_log()[-4000:])
        raise
    finally:
        sink.stop()
    print("ok test_contest_flow")


run()
