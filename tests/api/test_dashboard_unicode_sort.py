"""The dashboard sorts municipality names by Unicode case folding, in every
script: names in Latin-extended, Greek and Ukrainian letters, each pair
differing in the case of its first letter, sort as their folded forms do.
The dashboard's old fold knew only ASCII, А–Я and Ё, so «Łódź» came before
«łańcut», «Ωμέγα» before «αλφα» and «Ґалич» before «ґава»; and «Ё» now sorts
among the «Е» (as the import matches names: «ё» read as «е»)."""
from svodka_test import ADMIN_PASSWORD, check, main

API = "/api/v1/campaigns/charter-2022/dashboard"
NAMES = ["Łódź", "łańcut", "Ωμέγα", "αλφα", "Ґалич", "ґава", "Ёлкино", "Еловка", "Ежово"]
WANT = ["łańcut", "Łódź", "αλφα", "Ωμέγα", "Ежово", "Ёлкино", "Еловка", "ґава", "Ґалич"]


def test(srv):
    codes = srv.sql("SELECT code FROM org_units WHERE parent IS NOT NULL ORDER BY code").split()[:len(NAMES)]
    for code, name in zip(codes, NAMES):
        srv.sql("UPDATE org_units SET name = '%s' WHERE code = '%s'" % (name, code))
    admin = srv.client()
    check(admin.login_api("admin", ADMIN_PASSWORD).status == 200, "admin sign-in")
    for desc in (False, True):
        r = admin.get(API + "?sort=name&dir=%s&per_page=100" % ("desc" if desc else "asc"))
        check(r.status == 200, "dashboard: %d %s" % (r.status, r.text[:300]))
        got = [row["short_name"] for row in r.json()["table"]["rows"] if row["code"] in codes]
        want = list(reversed(WANT)) if desc else WANT
        check(got == want, "sort=name desc=%s: %s, want %s" % (desc, got, want))


main(test)
