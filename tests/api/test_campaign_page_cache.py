"""The public campaign page is answered from the cache for anonymous
visitors only while the campaign is unchanged: a new version shows at once,
and a signed-in user always sees their own header."""
from svodka_test import ADMIN_PASSWORD, check, main


def test(srv):
    anon = srv.client()
    first = anon.get("/campaigns/charter-2022")
    check(first.status == 200 and "Цифровая этика детства" in first.text, "first render")
    again = anon.get("/campaigns/charter-2022")
    check(again.body == first.body, "cached page differs")

    # A change in the database (as an edit will do) bumps the version.
    srv.sql("UPDATE campaigns SET doc = json_set(doc, '$.title', 'Цифровая этика детства — 2023'), "
            "version = version + 1 WHERE slug = 'charter-2022'")
    fresh = anon.get("/campaigns/charter-2022")
    check("Цифровая этика детства — 2023" in fresh.text, "stale page served after a change")

    admin = srv.client()
    check(admin.login_form("admin", ADMIN_PASSWORD).status == 303, "sign-in")
    page = admin.get("/campaigns/charter-2022")
    check("администратор" in page.text and "Выйти" in page.text, "signed-in user got the anonymous page")
    check(page.header("Cache-Control") == "no-store", "signed-in page cacheable")
    check("Выйти" not in anon.get("/campaigns/charter-2022").text, "a user's page reached the cache")


main(test)
