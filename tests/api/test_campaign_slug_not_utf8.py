"""A campaign slug in the URL that is not UTF-8 (%FF) used to abort the
whole server on an admin's update: the slug went into the document through
a helper that aborts on bad text. Now it answers 404 «Такой кампании нет.»,
page and API alike, and the server keeps serving."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    api = srv.client()
    check(api.login_api("admin", ADMIN_PASSWORD).status == 200, "admin API sign-in")
    r = api.request("PUT", "/api/v1/campaigns/%FF", headers={"X-CSRF-Token": api.csrf},
                    json_body={"version": 1, "title": "X"})
    check(r.status == 404 and "Такой кампании нет" in r.json()["error"]["message"],
          "PUT %%FF: %d %s" % (r.status, r.text[:200]))
    page = srv.client()
    check(page.login_form("admin", ADMIN_PASSWORD).status == 303, "admin sign-in")
    token = page.csrf_from(page.get("/admin/campaigns").text)
    r = page.post("/admin/campaigns/%FF%FE", form={"csrf_token": token, "version": "1", "title": "X"})
    check(r.status == 404 and "Такой кампании нет" in r.text, "POST %%FF%%FE: %d" % r.status)
    check(api.get("/api/v1/campaigns/charter-2022").status == 200, "the server still serves")
    check(srv.sql("SELECT count(*) FROM campaigns") == "1", "a campaign was stored")


main(test)
