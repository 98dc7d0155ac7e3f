"""A campaign that locks reports some days after the due date: the
coordinator can no longer save or submit; an admin's lock exception opens
one municipality's report for a stated number of days, and ending it locks
the report again."""
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

API = "/api/v1/campaigns/charter-2022/reports/nakhodka"
DATA = {"contact": {"name": "Ёлкина Анна"}, "activities": [
    {"form": "posts", "date": "2022-02-20", "title": "Пост о Хартии"}]}


def test(srv):
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    doc = admin.get("/api/v1/campaigns/charter-2022").json()
    doc["lock_after_days"] = 5
    r = admin.request("PUT", "/api/v1/campaigns/charter-2022", headers={"X-CSRF-Token": admin.csrf}, json_body=doc)
    check(r.status == 200, "lock setting: %d %s" % (r.status, r.text[:300]))

    c = srv.client()
    check(c.login_api("coord", COORD_PASSWORD).status == 200, "coordinator sign-in")
    r = c.request("PUT", API, headers={"X-CSRF-Token": c.csrf}, json_body={"version": 0, "data": DATA})
    check(r.status == 409 and "закрыт" in r.json()["error"]["message"], "save while locked: %d" % r.status)
    check(srv.sql("SELECT count(*) FROM reports") == "0", "stored while locked")
    page = c.get("/campaigns/charter-2022/reports/nakhodka")
    check(page.status == 200 and "Приём отчётов закрыт" in page.text and "data-testid=\"save\"" not in page.text,
          "locked page")

    r = admin.post(API + "/lock-exception", headers={"X-CSRF-Token": admin.csrf}, json_body={"days": 120})
    check(r.status == 422 and r.json()["error"]["field"] == "days", "too many days")
    r = admin.post(API + "/lock-exception", headers={"X-CSRF-Token": admin.csrf}, json_body={"days": 2})
    check(r.status == 200 and not r.json()["locked"], "exception: %d %s" % (r.status, r.text[:200]))
    version = r.json()["report"]["version"]
    r = c.request("PUT", API, headers={"X-CSRF-Token": c.csrf}, json_body={"version": version, "data": DATA})
    check(r.status == 200 and r.json()["report"]["status"] == "draft", "save during the exception: %d" % r.status)
    check("data-testid=\"save\"" in c.get("/campaigns/charter-2022/reports/nakhodka").text, "form open again")

    r = admin.post(API + "/lock-exception", headers={"X-CSRF-Token": admin.csrf}, json_body={"days": 0})
    check(r.status == 200 and r.json()["locked"], "exception ended")
    version = r.json()["report"]["version"]
    r = c.post(API + "/submit", headers={"X-CSRF-Token": c.csrf}, json_body={"version": version})
    check(r.status == 409, "submit after the exception ended: %d" % r.status)
    check(srv.sql("SELECT status FROM reports") == "draft", "status changed while locked")
    check(srv.sql("SELECT count(*) FROM audit_events WHERE action = 'report.lock_exception'") == "2",
          "lock exceptions audited")


main(test)
