"""No lost writes under concurrency, through two instances on one
PostgreSQL database: distinct records created at once are all stored, and
updates of one record from the same base version let exactly one win; the
others get 409 and overwrite nothing."""
import threading

from svodka_test import ADMIN_PASSWORD, Server, check, pg_database, prepare_db, sql


def main():
    db = pg_database("concurrent_writers")
    prepare_db(db)
    servers = [Server("test_pg_concurrent_a", db=db), Server("test_pg_concurrent_b", db=db)]
    try:
        clients = []
        for srv in servers:
            c = srv.client()
            check(c.login_api("admin", ADMIN_PASSWORD).status == 200, "sign-in")
            clients.append(c)

        # Distinct records: 16 users at once, half through each instance.
        results = {}

        def create(i):
            c = clients[i % 2]
            r = c.post("/api/v1/users", json_body={"login": "writer%02d" % i, "role": "juror"},
                       headers={"X-CSRF-Token": c.csrf})
            results[i] = r.status

        threads = [threading.Thread(target=create, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        acked = [i for i, st in results.items() if st == 201]
        check(len(results) == 16, "some requests did not finish")
        stored = sql(db, "SELECT login FROM users WHERE login LIKE 'writer%' ORDER BY login").split("\n")
        check(sorted("writer%02d" % i for i in acked) == [s for s in stored if s], "acknowledged writes lost")
        check(len(acked) == 16, "writes refused: %r" % results)

        # One record, same base version, twelve writers through both instances.
        outcomes = {}

        def update(i):
            c = clients[i % 2]
            r = c.request("PUT", "/api/v1/org-units/lazovsky", headers={"X-CSRF-Token": c.csrf},
                          json_body={"name": "Лазовский муниципальный округ", "kind": "municipal_okrug",
                                     "head": "Глава №%d" % i, "version": 1})
            outcomes[i] = r.status

        threads = [threading.Thread(target=update, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        winners = [i for i, st in outcomes.items() if st == 200]
        losers = [i for i, st in outcomes.items() if st == 409]
        check(len(winners) == 1, "winners: %r" % outcomes)
        check(len(losers) == 11, "expected 11 conflicts: %r" % outcomes)
        check(sql(db, "SELECT head || '|' || version FROM org_units WHERE code = 'lazovsky'") ==
              "Глава №%d|2" % winners[0], "the stored record is not the winner's")
        for srv in servers:
            srv.stop()
        print("ok test_pg_concurrent_writers")
    except Exception:
        for srv in servers:
            srv.proc.kill()
        raise


main()
