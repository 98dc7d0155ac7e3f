"""The jury's isolation, by every route: a juror from Nakhodka never sees
Nakhodka's entry (queue, page, API, form POST, API PUT all answer 404 or
leave it out), an admin's exclusion hides Artem's too, a juror of one
nomination sees only it; no jury page or answer carries the entrant's
name, e-mail, phone, school or caption; a coordinator and an anonymous
visitor are refused everywhere; bad scores are refused with the criterion
named and store nothing; a juror never sees another juror's scores;
scores change until judging closes, and not after."""
import os

from contest_fixture import BASE, CLOCK, JUROR_PASSWORD, MINOR, SLUG, TEEN, add_juror, entry, form_token
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, OUT, Server, check

SECRETS = ["Ёлкина", "Гордеев", "elkin.sp", "gordeeva", "111-22-33", "МБОУ СОШ", "правилах"]


def juror(srv, login):
    c = srv.client()
    check(c.login_api(login, JUROR_PASSWORD).status == 200, "%s signs in" % login)
    f = srv.client()
    check(f.login_form(login, JUROR_PASSWORD).status == 303, "%s signs in by the form" % login)
    return c, f


def clean(text, where):
    for s in SECRETS:
        check(s not in text, "%s shows %s" % (where, s))


def put(c, entry_id, scores, comment=None):
    body = {"scores": scores}
    if comment is not None:
        body["comment"] = comment
    return c.request("PUT", "/api/v1/jury/%s/entries/%d/score" % (SLUG, entry_id),
                     headers={"X-CSRF-Token": c.csrf}, json_body=body)


def test(srv):
    anon = srv.client()
    token = form_token(anon)
    ids = []
    for e in (entry(MINOR, token),  # Nakhodka, 7–10
              entry(TEEN, token),  # Artem, 15–17
              entry(MINOR, token, org_unit="ussuriysk", video_url="https://yappy.media/v/Jury3",
                    author={"full_name": "Ёлкина Вера Сергеевна", "birth_date": "2012-05-05"})):
        r = anon.post(BASE + "/entries", json_body=e)
        check(r.status == 201, "entry: %d %s" % (r.status, r.text[:300]))
        ids.append(r.json()["entry"]["id"])
    srv.sql("UPDATE contest_entries SET status = 'received', confirm_token_hash = NULL")
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin")
    h = {"X-CSRF-Token": admin.csrf}
    check(admin.post(BASE + "/decisions", headers=h, json_body={"ids": ids, "status": "accepted"}).status == 200,
          "accepted")
    jn = add_juror(srv, "juror.nakhodka", "nakhodka")
    jy = add_juror(srv, "juror.young")
    for uid, nom in ((jn, ""), (jy, "age-7-10")):
        check(admin.post(BASE + "/jurors", headers=h,
                         json_body={"user_id": uid, "nomination": nom, "action": "add"}).status == 200, "assigned")
    check(admin.post(BASE + "/exclusions", headers=h,
                     json_body={"user_id": jn, "org_unit": "artem", "action": "add"}).status == 200, "exclusion")
    api_n, form_n = juror(srv, "juror.nakhodka")
    api_y, form_y = juror(srv, "juror.young")

    # Queues: Nakhodka's juror sees only Ussuriysk's entry; the 7–10 juror the two 7–10 entries.
    q = api_n.get("/api/v1/jury/%s/entries" % SLUG)
    check(q.status == 200 and [e["id"] for e in q.json()["entries"]] == [ids[2]], "queue n: %s" % q.text[:300])
    clean(q.text, "the juror's queue")
    q = api_y.get("/api/v1/jury/%s/entries" % SLUG)
    check([e["id"] for e in q.json()["entries"]] == [ids[0], ids[2]], "queue y: %s" % q.text[:300])
    page = form_n.get("/jury/%s" % SLUG)
    check(page.status == 200 and "/entries/%d\"" % ids[0] not in page.text and "Оценено 0 из 1" in page.text,
          "queue page n")
    check(form_n.get("/jury").status == 303, "one contest: /jury opens its queue")
    # Every route to a hidden entry: 404, nothing stored.
    for hidden in (ids[0], ids[1]):
        check(form_n.get("/jury/%s/entries/%d" % (SLUG, hidden)).status == 404, "page of hidden %d" % hidden)
        check(api_n.get("/api/v1/jury/%s/entries/%d" % (SLUG, hidden)).status == 404, "API of hidden %d" % hidden)
        page = form_n.get("/jury/%s" % SLUG)
        r = form_n.post("/jury/%s/entries/%d" % (SLUG, hidden),
                        form={"csrf_token": form_n.csrf_from(page.text), "score.principles": "10",
                              "score.creativity": "10", "score.quality": "10"})
        check(r.status == 404, "form POST to hidden %d: %d" % (hidden, r.status))
        check(put(api_n, hidden, {"principles": 10, "creativity": 10, "quality": 10}).status == 404, "PUT hidden")
    check(api_y.get("/api/v1/jury/%s/entries/%d" % (SLUG, ids[1])).status == 404, "another nomination: 404")
    check(srv.sql("SELECT count(*) FROM contest_scores") == "0", "nothing scored")

    # The entry page: video, title, municipality; none of the entrant's data.
    p = form_y.get("/jury/%s/entries/%d" % (SLUG, ids[0]))
    check(p.status == 200 and "Правила в сети" in p.text and 'rel="noopener noreferrer"' in p.text, "entry page")
    check("Находкинский" in p.text, "the municipality is shown")
    clean(p.text, "the entry page")
    clean(api_y.get("/api/v1/jury/%s/entries/%d" % (SLUG, ids[0])).text, "the entry API")

    # Bad scores: 422 naming the criterion, nothing stored.
    for scores, crit in (({"principles": 5, "creativity": 5}, "quality"),
                         ({"principles": 11, "creativity": 5, "quality": 5}, "principles"),
                         ({"principles": -1, "creativity": 5, "quality": 5}, "principles"),
                         ({"principles": "abc", "creativity": 5, "quality": 5}, "principles"),
                         ({"principles": 2.5, "creativity": 5, "quality": 5}, "principles")):
        r = put(api_y, ids[0], scores)
        check(r.status == 422 and r.json()["error"]["field"] == "scores." + crit, "bad %s: %d %s" % (scores, r.status, r.text))
        check("от 0 до 10" in r.json()["error"]["message"], "the message names the range")
    r = put(api_y, ids[0], {"principles": 5, "creativity": 5, "quality": 5}, comment="я" * 2001)
    check(r.status == 422 and r.json()["error"]["field"] == "comment", "long comment: %d" % r.status)
    page = form_y.get("/jury/%s/entries/%d" % (SLUG, ids[0]))
    r = form_y.post("/jury/%s/entries/%d" % (SLUG, ids[0]),
                    form={"csrf_token": form_y.csrf_from(page.text), "score.principles": "12",
                          "score.creativity": "5", "score.quality": "5"})
    check(r.status == 422 and "Раскрытие принципов Хартии" in r.text and 'value="12"' in r.text, "form 422")
    check(srv.sql("SELECT count(*) FROM contest_scores") == "0", "nothing stored after refusals")

    # Good scores, edited; the form moves on to the next unscored entry.
    r = form_y.post("/jury/%s/entries/%d" % (SLUG, ids[0]),
                    form={"csrf_token": form_y.csrf_from(page.text), "score.principles": "7",
                          "score.creativity": "6", "score.quality": "5", "comment": "Хорошо"})
    check(r.status == 303 and r.header("Location") == "/jury/%s/entries/%d" % (SLUG, ids[2]), "next: %s" % r.header("Location"))
    r = put(api_y, ids[0], {"principles": 8, "creativity": 6, "quality": 5})
    check(r.status == 200 and r.json()["entry"]["my_scores"]["principles"] == 8, "edited: %s" % r.text[:300])
    check(put(api_n, ids[2], {"principles": 3, "creativity": 3, "quality": 3}).status == 200, "n scores")
    # Another juror's score is never shown.
    other = api_y.get("/api/v1/jury/%s/entries/%d" % (SLUG, ids[2])).json()["entry"]
    check(other["my_scores"] is None, "juror y sees juror n's score: %s" % other)
    q = api_y.get("/api/v1/jury/%s/entries" % SLUG).text
    check('"principles": 3' not in q and '"principles":3' not in q, "another juror's score in the queue")

    # Nobody else on any jury route.
    coord = srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coord")
    for c, want in ((coord, 403), (srv.client(), 401)):
        for path in ("/api/v1/jury", "/api/v1/jury/%s/entries" % SLUG, "/api/v1/jury/%s/entries/%d" % (SLUG, ids[2])):
            check(c.get(path).status == want, "%s on %s: not %d" % ("coord" if c is coord else "anon", path, want))
    check(srv.client().get("/jury/%s" % SLUG).status in (302, 303), "anonymous page: to sign-in")
    check(coord.request("PUT", "/api/v1/jury/%s/entries/%d/score" % (SLUG, ids[2]), headers={"X-CSRF-Token": coord.csrf},
                        json_body={"scores": {}}).status == 403, "coordinator PUT")

    # Closed judging: 409, the page says so.
    check(admin.post(BASE + "/judging", headers=h, json_body={"closed": True}).status == 200, "closed")
    r = put(api_y, ids[0], {"principles": 1, "creativity": 1, "quality": 1})
    check(r.status == 409, "scoring after judging closed: %d" % r.status)
    check("Оценивание завершено" in form_y.get("/jury/%s/entries/%d" % (SLUG, ids[0])).text, "page says closed")
    check(srv.sql("SELECT vals FROM contest_scores WHERE entry_id = %d AND juror_id = %d" % (ids[0], jy)).replace(" ", "")
          == '{"principles":8,"creativity":6,"quality":5}', "the score stands")


def run():
    os.makedirs(OUT, exist_ok=True)
    srv = Server("test_contest_jury", args=["--clock", CLOCK])
    try:
        test(srv)
        srv.stop()
    except Exception:
        if srv.proc.poll() is None:
            srv.proc.kill()
        print(srv.read_log()[-3000:])
        raise
    print("ok test_contest_jury")


run()
