"""The reviewer's comment on a return is limited to 5000 characters, as its
message says, counted as a person counts them: 5000 Cyrillic letters (10,000
bytes) are accepted — they used to be refused as over 5000 bytes — and 5001
are refused with the message, leaving the report as it was."""
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

REPORT = "/api/v1/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна", "position": "главный специалист", "phone": "8 (4236) 69-22-11",
                    "email": "elkina@nakhodka-city.ru"},
        "activities": [{"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии", "participants": 10,
                        "reach": 100, "audience": ["children"]}],
        "organizations": [], "publications": []}


def test(srv):
    coord, admin = srv.client(), srv.client()
    check(coord.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")

    def call(c, path, body, method="POST"):
        return c.request(method, path, json_body=body, headers={"X-CSRF-Token": c.csrf})

    check(call(coord, REPORT, {"version": 0, "data": DATA}, "PUT").status == 200, "save")
    r = call(coord, REPORT + "/submit", {"version": 1})
    check(r.status == 200, "submit: %d %s" % (r.status, r.text[:300]))

    def state():
        return srv.sql("SELECT status || '|' || version || '|' || coalesce(last_comment, '') FROM reports")

    r = call(admin, REPORT + "/return", {"version": 2, "comment": "ж" * 5001})
    check(r.status == 422, "5001 letters: %d %s" % (r.status, r.text[:300]))
    err = r.json()["error"]
    check(err["field"] == "comment" and "до 5000 символов" in err["message"], "message: %s" % err)
    check(state() == "submitted|2|", "a refused return changed the report: %r" % state())

    r = call(admin, REPORT + "/return", {"version": 2, "comment": "ж" * 5000 + "\n"})
    check(r.status == 200, "5000 letters: %d %s" % (r.status, r.text[:300]))
    check(state() == "returned|3|" + "ж" * 5000, "the comment is stored whole, trimmed")


main(test)
