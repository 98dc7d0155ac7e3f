"""What the contest's API scenarios share: the demo clock inside the entry
window, entries as a parent or an adult author types them, one form token
aged past min_form_seconds, jurors added through the CLI."""
import copy
import time

from svodka_test import check, run_cli

CLOCK = "2022-03-05T12:00:00+10:00"
SLUG = "charter-2022"
BASE = "/api/v1/campaigns/%s/contest" % SLUG
ADMIN_BASE = BASE
TAGS = "#хартия #ХартияПриморье #цифроваяэтикадетства"
JUROR_PASSWORD = "пароль члена жюри для тестов"

MINOR = {
    "author": {"full_name": "Ёлкина Мария Сергеевна", "birth_date": "2012-04-01"},
    "org_unit": "nakhodka",
    "school": "МБОУ СОШ № 1 г. Находки",
    "video_url": "https://www.tiktok.com/@masha/video/7062947386237650101",
    "caption": "Наш ролик о правилах " + TAGS,
    "title": "Правила в сети",
    "description": "Как договориться о времени в телефоне.",
    "guardian": {"full_name": "Ёлкин Сергей Петрович", "relation": "отец",
                 "email": "elkin.sp@example.ru", "phone": "+7 914 111-22-33"},
    "consents": {"processing": True, "publication": True},
}

TEEN = {
    "author": {"full_name": "Гордеев Артём Ильич", "birth_date": "2006-06-01"},
    "org_unit": "artem",
    "video_url": "https://vk.com/clip-215000000_456239017",
    "caption": TAGS + " мой клип",
    "title": "Цифровая этика",
    "description": "",
    "guardian": {"full_name": "Гордеева Ольга Викторовна", "relation": "мать",
                 "email": "gordeeva.ov@example.ru", "phone": "8 (924) 555-00-11"},
    "consents": {"processing": True, "publication": False, "child": True},
}


def form_token(client, wait=True):
    r = client.get(BASE)
    check(r.status == 200, "rules: %d %s" % (r.status, r.text[:300]))
    token = r.json()["form_token"]
    if wait:
        time.sleep(r.json()["min_form_seconds"] + 0.5)
    return token


def entry(base, token, **changes):
    e = copy.deepcopy(base)
    e["form_token"] = token
    for k, v in changes.items():
        e[k] = v
    return e


def add_juror(srv, login, org_unit=None):
    args = ["user", "add", "--login", login, "--role", "juror", "--name", "Член жюри " + login]
    if org_unit:
        args += ["--org-unit", org_unit]
    rc, out, err = run_cli(*args, db=srv.db, stdin=JUROR_PASSWORD + "\n")
    check(rc == 0, "juror %s: %s %s" % (login, out, err))
    return int(srv.sql("SELECT id FROM users WHERE login = '%s'" % login))
