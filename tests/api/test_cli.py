"""The command line: help, version, usage errors (exit 2), runtime errors
(exit 1), init twice gives the same state, user commands (e-mail addresses
included: a bad one refused with nothing stored), backup."""
import os
import tempfile

from svodka_test import OUT, check, run_cli


def dump(db):
    import subprocess
    q = ("SELECT code, parent, name, kind, version FROM org_units ORDER BY code;"
         "SELECT slug, title, version FROM campaigns;")
    return subprocess.run(["sqlite3", db, q], capture_output=True).stdout


def sql_rows(db, q):
    import subprocess
    return subprocess.run(["sqlite3", db, q], capture_output=True).stdout.decode()


def main():
    os.makedirs(OUT, exist_ok=True)
    d = tempfile.mkdtemp(prefix="cli-", dir=OUT)
    db = os.path.join(d, "a.db")

    rc, out, _ = run_cli("--help")
    check(rc == 0 and "init" in out and "serve" in out and "user" in out, "--help")
    rc, out, _ = run_cli("--version")
    check(rc == 0 and out.startswith("svodka "), "--version")
    for cmd in (["init", "--help"], ["serve", "--help"], ["user", "add", "--help"], ["user", "email", "--help"],
                ["backup", "--help"]):
        rc, out, _ = run_cli(*cmd)
        check(rc == 0 and out.startswith("usage: svodka"), "%s: %d" % (cmd, rc))

    for args, why in [(["frobnicate"], "unknown command"), (["init", "--bogus"], "unknown option"),
                      (["serve", "--threads", "zero"], "--threads"), ([], "missing command"),
                      (["user"], "missing subcommand")]:
        rc, _, err = run_cli(*args, env={"SVODKA_DB": ""})
        check(rc == 2, "%s: exit %d" % (args, rc))
        check(why in err and err.count("\n") == 1, "%s: one-line reason, got %r" % (args, err))
    rc, _, err = run_cli("init", env={"SVODKA_DB": ""})
    check(rc == 2 and "SVODKA_DB" in err, "init without a database")
    check(not os.path.exists(".key"), "init without a database made a key file in the working directory")

    rc, out, err = run_cli("init", db=db)
    check(rc == 0, "init: %s" % err)
    first = dump(db)
    check(first.count(b"\n") == 36, "35 org units and one campaign expected, got:\n%s" % first.decode())
    rc, out, err = run_cli("init", db=db)
    check(rc == 0 and "0 new records" in out, "second init: %s" % out)
    check(dump(db) == first, "second init changed the data")
    rc, out, err = run_cli("init", env={"SVODKA_DB": db})
    check(rc == 0, "SVODKA_DB not read")

    rc, _, err = run_cli("user", "add", "--login", "a1", "--role", "emperor", db=db)
    check(rc == 2, "bad role")
    rc, _, err = run_cli("user", "add", "--login", "coord1", "--role", "coordinator", db=db)
    check(rc == 2 and "org-unit" in err, "coordinator without unit")
    rc, _, err = run_cli("user", "add", "--login", "coord1", "--role", "coordinator", "--org-unit", "mars",
                         db=db, stdin="a good long password\n")
    check(rc == 1 and "mars" in err, "unknown unit")
    # The name follows the users page's rule (domain/user.c): one line, at most 200 characters.
    rc, _, err = run_cli("user", "add", "--login", "admin2", "--role", "admin", "--name", "Ж" * 201, db=db,
                         stdin="a good long password\n")
    check(rc == 2 and "--name" in err and "200" in err, "long --name: %d %s" % (rc, err))
    rc, _, err = run_cli("user", "add", "--login", "admin2", "--role", "admin", "--name", "Анна\nЁлкина", db=db,
                         stdin="a good long password\n")
    check(rc == 2 and "--name" in err, "two-line --name: %d %s" % (rc, err))
    rc, _, err = run_cli("user", "add", "--login", "admin2", "--role", "admin", db=db, stdin="short\n")
    check(rc == 1 and "12" in err, "short password: %s" % err)
    rc, _, err = run_cli("user", "add", "--login", "admin2", "--role", "admin", "--email", "admin2@", db=db,
                         stdin="a good long password\n")
    check(rc == 2 and "--email" in err and err.count("\n") == 1, "bad --email: %d %s" % (rc, err))
    rc, out, _ = run_cli("user", "list", db=db)
    check(rc == 0 and out == "", "rejected users were stored: %r" % out)

    rc, out, _ = run_cli("user", "add", "--login", "Admin2", "--role", "admin", db=db)
    check(rc == 0 and "password: " in out, "generated password printed")
    pw = out.split("password: ")[1].strip()
    check(len(pw) == 16, "generated length")
    rc, _, err = run_cli("user", "add", "--login", "admin2", "--role", "admin", db=db,
                         stdin="another long password\n")
    check(rc == 1 and "taken" in err, "duplicate login")
    rc, out, _ = run_cli("user", "add", "--login", "ussuriysk", "--role", "coordinator", "--org-unit",
                         "ussuriysk", "--email", "Otchet@USSURIYSK.ru", db=db, stdin="пароль координатора Уссурийска\n")
    check(rc == 0 and "password:" not in out, "password from stdin is not printed")
    rc, out, _ = run_cli("user", "list", db=db)
    check(out == "admin2\tadmin\t-\tactive\t-\nussuriysk\tcoordinator\tussuriysk\tactive\tOtchet@ussuriysk.ru\n",
          "list: %r" % out)
    # The address of an existing user: set, refused when bad (nothing changes), removed with "".
    rc, out, err = run_cli("user", "email", "Admin2", "otdel@primorsky.ru", db=db)
    check(rc == 0 and "otdel@primorsky.ru" in out, "user email: %d %s" % (rc, err))
    for args, code, why in [(["admin2", "otdel@"], 2, "not an e-mail address"),
                            (["admin2", "otdel primorsky.ru"], 2, "not an e-mail address"),
                            (["admin2", "отдел@приморье.рф"], 2, "русскими буквами"),
                            (["admin2"], 2, "LOGIN and ADDR"),
                            (["nobody", "a@b.ru"], 1, "nobody")]:
        rc, _, err = run_cli("user", "email", *args, db=db)
        check(rc == code and why in err and err.count("\n") == 1, "user email %s: %d %r" % (args, rc, err))
    rc, out, _ = run_cli("user", "list", "--role", "admin", db=db)
    check(out == "admin2\tadmin\t-\tactive\totdel@primorsky.ru\n", "after user email: %r" % out)
    rc, out, _ = run_cli("user", "email", "ussuriysk", "", db=db)
    check(rc == 0 and "removed" in out, "remove e-mail: %s" % out)
    rc, out, _ = run_cli("user", "list", "--role", "coordinator", db=db)
    check(out == "ussuriysk\tcoordinator\tussuriysk\tactive\t-\n", "after removal: %r" % out)
    check(sql_rows(db, "SELECT coalesce(json_extract(detail, '$.email'), '-') FROM audit_events "
                   "WHERE action = 'user.email' ORDER BY id") == "otdel@primorsky.ru\n-\n", "e-mail audit")
    rc, out, _ = run_cli("user", "disable", "ussuriysk", db=db)
    check(rc == 0, "disable")
    rc, out, _ = run_cli("user", "list", "--role", "coordinator", db=db)
    check(out.endswith("disabled\t-\n"), "disabled state: %r" % out)
    rc, out, _ = run_cli("user", "passwd", "ussuriysk", db=db)
    check(rc == 0 and "password: " in out, "passwd generated")
    rc, _, err = run_cli("user", "disable", "nobody", db=db)
    check(rc == 1 and "nobody" in err, "unknown login")

    bak = os.path.join(d, "backup.db")
    rc, out, err = run_cli("backup", "--out", bak, db=db)
    check(rc == 0 and os.path.getsize(bak) > 0, "backup: %s" % err)
    check(dump(bak) == dump(db), "backup differs")
    rc, _, err = run_cli("backup", "--out", bak, db=db)
    check(rc == 1 and "exists" in err, "backup over an existing file")

    # A database from a newer svodka is refused and left alone.
    import subprocess
    subprocess.run(["sqlite3", db, "UPDATE schema_version SET version = version + 100"], check=True)
    rc, _, err = run_cli("migrate", db=db)
    check(rc == 1 and "newer" in err, "newer schema: %d %s" % (rc, err))
    rc, _, err = run_cli("serve", "--listen", "127.0.0.1:1", db=db)
    check(rc == 1 and "schema" in err, "serve on a newer schema: %s" % err)
    print("ok test_cli")


main()
