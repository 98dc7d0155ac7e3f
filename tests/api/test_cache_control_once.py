"""Every answer carries at most one Cache-Control header. Pages that set
no-store themselves for a signed-in user got it twice («no-store,
no-store» once a proxy folds them): web_respond adds it for every
signed-in page too. Now web_no_store replaces instead of adding."""
from svodka_test import ADMIN_PASSWORD, COORD_PASSWORD, check, main

COORD_PAGES = [
    "/", "/campaigns/charter-2022", "/login", "/reports",
    "/campaigns/charter-2022/reports/nakhodka",
    "/campaigns/charter-2022/reports/nakhodka/history",
    "/api/v1/me", "/api/v1/campaigns/charter-2022/reports/nakhodka",
    "/api/v1/campaigns/charter-2022/reports/nakhodka/history",
    "/admin/users",  # 403
]
ADMIN_PAGES = [
    "/admin/users", "/admin/org-units", "/admin/audit", "/admin/campaigns",
    "/admin/campaigns/charter-2022", "/admin/campaigns/charter-2022/reports",
    "/admin/campaigns/charter-2022/dashboard", "/admin/campaigns/charter-2022/import",
    "/admin/campaigns/charter-2022/reminders", "/admin/mail",
    "/admin/campaigns/charter-2022/summary.csv", "/admin/campaigns/charter-2022/summary.json",
    "/admin/campaigns/charter-2022/export.json",
    "/api/v1/campaigns/charter-2022/dashboard", "/api/v1/campaigns/charter-2022/reports",
    "/campaigns/charter-2022/reports/nakhodka", "/metrics", "/healthz", "/nothing-here",
]


def walk(c, pages, who):
    for path in pages:
        r = c.get(path)
        values = r.headers_all("Cache-Control")
        check(len(values) <= 1, "%s %s (%d): Cache-Control %r" % (who, path, r.status, values))
        if r.status == 200 and (path.startswith("/admin/") or path.startswith("/reports") or
                                "/reports/" in path or path == "/api/v1/me"):
            check(values == ["no-store"], "%s %s: %r" % (who, path, values))


def test(srv):
    coord = srv.client()
    check(coord.login_form("coord", COORD_PASSWORD).status == 303, "coordinator sign-in")
    walk(coord, COORD_PAGES, "coordinator")
    admin = srv.client()
    check(admin.login_form("admin", ADMIN_PASSWORD).status == 303, "admin sign-in")
    walk(admin, ADMIN_PAGES, "admin")
    walk(srv.client(), ["/", "/login", "/campaigns/charter-2022", "/static/svodka.css"], "anonymous")


main(test)
