"""Helpers for svodka's API tests: each test file starts its own `svodka
serve` on a free loopback port with a fresh SQLite database made by `svodka
init`, talks to it over real HTTP, and stops it with SIGTERM, failing on a
non-zero exit or on any sanitizer report in its log.

Environment: SVODKA_BIN (the binary under test), SVODKA_OUT (a folder for
logs and databases)."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

BIN = os.environ.get("SVODKA_BIN", "build-test/svodka")
OUT = os.environ.get("SVODKA_OUT", "out")
ADMIN_PASSWORD = "correct horse battery staple"
COORD_PASSWORD = "ещё один пароль координатора"
SANITIZER = re.compile(r"(ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|"
                       r"SUMMARY: UndefinedBehaviorSanitizer)")


def fail(msg):
    raise AssertionError(msg)


def check(cond, msg):
    if not cond:
        fail(msg)


def raw_request(port, head, body=b"", send_max=None):
    """Sends raw bytes (at most send_max of the body) and returns the status
    line and the rest of the answer, as a client that keeps sending would
    see it before the server closes."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        s.sendall(head)
        try:
            s.sendall(body[:send_max] if send_max else body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head_end = data.index(b"\r\n\r\n")
                m = re.search(rb"Content-Length: (\d+)", data[:head_end], re.I)
                if m and len(data) >= head_end + 4 + int(m.group(1)):
                    break
        return data.decode("utf-8", "replace")
    finally:
        s.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def key_env(db, env):
    """svodka's key on PostgreSQL has no place beside the database: every
    scenario's instances on the test cluster share one file in OUT."""
    if db and db.startswith("postgres") and "SVODKA_KEY_FILE" not in env:
        os.makedirs(OUT, exist_ok=True)
        env["SVODKA_KEY_FILE"] = os.path.join(os.path.abspath(OUT), "postgres.key")
    return env


def run_cli(*args, db=None, stdin=None, env=None):
    """Runs the svodka binary; returns (exit code, stdout, stderr)."""
    cmd = [BIN] + list(args)
    if db:
        cmd += ["--db", db]
    e = dict(os.environ)
    e.update(env or {})
    key_env(db or e.get("SVODKA_DB"), e)
    p = subprocess.run(cmd, input=(stdin or "").encode(), capture_output=True, env=e, timeout=120)
    out, err = p.stdout.decode(), p.stderr.decode()
    if SANITIZER.search(err):
        fail("sanitizer report from %s:\n%s" % (" ".join(cmd), err))
    return p.returncode, out, err


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class Client:
    """A tiny HTTP client with a cookie jar, like a browser or an API client."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, json_body=None, form=None):
        h = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            h.setdefault("Content-Type", "application/json")
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        headers = r.getheaders()
        conn.close()
        for k, v in headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return Response(r.status, headers, data)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def csrf_from(self, html):
        m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
        check(m, "no csrf_token in the page")
        return m.group(1)

    def login_form(self, login, password):
        page = self.get("/login")
        check(page.status == 200, "GET /login: %d" % page.status)
        token = self.csrf_from(page.text)
        return self.post("/login", form={"csrf_token": token, "login": login, "password": password,
                                         "next": "/"})

    def login_api(self, login, password):
        r = self.post("/api/v1/session", json_body={"login": login, "password": password})
        if r.status == 200:
            self.csrf = r.json()["csrf_token"]
        return r


def pg_cluster(*args):
    """Runs scripts/pg-cluster.sh; returns its one line of output."""
    p = subprocess.run(["scripts/pg-cluster.sh"] + list(args), capture_output=True, timeout=120)
    check(p.returncode == 0, "pg-cluster.sh %s: %s" % (" ".join(args), p.stderr.decode()))
    return p.stdout.decode().strip()


def pg_database(name):
    """A fresh database on the PostgreSQL cluster that scripts/test-api.sh
    started (SVODKA_TEST_PG_DIR); returns its URL."""
    d = os.environ.get("SVODKA_TEST_PG_DIR")
    check(d, "SVODKA_TEST_PG_DIR is not set: run through scripts/test-api.sh")
    return pg_cluster("createdb", d, re.sub(r"[^a-z0-9_]", "_", name.lower()))


def prepare_db(db, users=True):
    """svodka init, plus the admin and a coordinator of Nakhodka."""
    rc, out, err = run_cli("init", db=db)
    check(rc == 0, "init failed: %s %s" % (out, err))
    if users:
        rc, out, err = run_cli("user", "add", "--login", "admin", "--role", "admin", db=db,
                               stdin=ADMIN_PASSWORD + "\n")
        check(rc == 0, "user add admin: %s" % err)
        rc, out, err = run_cli("user", "add", "--login", "coord", "--role", "coordinator",
                               "--org-unit", "nakhodka", "--name", "Координатор Находки",
                               db=db, stdin=COORD_PASSWORD + "\n")
        check(rc == 0, "user add coord: %s" % err)


class Server:
    """A running `svodka serve` on a free port. By default on a fresh SQLite
    database made by `svodka init` with two users; with db= on an existing
    database (a file or a postgres:// URL) that is used as it is. args:
    more `svodka serve` options, e.g. ["--clock", "2022-03-05T12:00:00+10:00"]."""

    def __init__(self, name, threads=2, extra_env=None, users=True, db=None, args=None):
        os.makedirs(OUT, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=OUT)
        self.log = os.path.join(self.dir, "server.log")
        if db is None:
            self.db = os.path.join(self.dir, "svodka.db")
            prepare_db(self.db, users)
        else:
            self.db = db
        self.port = free_port()
        env = dict(os.environ)
        env.update(extra_env or {})
        key_env(self.db, env)
        self.logf = open(self.log, "wb")
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--listen",
                                      "127.0.0.1:%d" % self.port, "--threads", str(threads)] +
                                     list(args or []),
                                     stdout=self.logf, stderr=self.logf, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.proc.poll() is not None:
                    fail("server exited at start: " + self.read_log())
                time.sleep(0.05)
        else:
            fail("server did not start")

    def client(self):
        return Client(self)

    def read_log(self):
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                fail("server did not stop on SIGTERM")
        self.logf.close()
        log = self.read_log()
        if SANITIZER.search(log):
            fail("sanitizer report in the server log:\n" + log[-4000:])
        check(self.proc.returncode == 0, "server exit status %s" % self.proc.returncode)
        return log

    def sql(self, query):
        """Reads the database in a separate process: sqlite3 or psql."""
        return sql(self.db, query)


def sql(db, query):
    if db.startswith("postgres"):
        cmd = ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", db, "-c", query]
    else:
        cmd = ["sqlite3", db, query]
    p = subprocess.run(cmd, capture_output=True, timeout=30)
    check(p.returncode == 0, "%s: %s" % (cmd[0], p.stderr.decode()))
    return p.stdout.decode().strip()


class Nginx:
    """Debian's nginx on a free loopback port as a reverse proxy in front of
    the given upstream ports (round robin), as in docs/deploy.md."""

    def __init__(self, name, ports):
        self.dir = tempfile.mkdtemp(prefix=name + "-nginx-", dir=OUT)
        self.port = free_port()
        upstream = "".join("\t\tserver 127.0.0.1:%d;\n" % p for p in ports)
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""%(user)sworker_processes 1;
daemon off;
pid %(d)s/nginx.pid;
error_log %(d)s/error.log;
events { worker_connections 256; }
http {
\taccess_log %(d)s/access.log;
\tclient_body_temp_path %(d)s/body;
\tproxy_temp_path %(d)s/proxy;
\tfastcgi_temp_path %(d)s/fastcgi;
\tuwsgi_temp_path %(d)s/uwsgi;
\tscgi_temp_path %(d)s/scgi;
\tupstream svodka {
%(upstream)s\t}
\tserver {
\t\tlisten 127.0.0.1:%(port)d;
\t\tclient_max_body_size 2m;
\t\tlocation / {
\t\t\tproxy_pass http://svodka;
\t\t\tproxy_set_header Host $host;
\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
\t\t\tproxy_set_header X-Forwarded-Proto $scheme;
\t\t}
\t}
}
""" % {"user": user, "d": self.dir, "upstream": upstream, "port": self.port})
        self.proc = subprocess.Popen(["/usr/sbin/nginx", "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                check(self.proc.poll() is None, "nginx exited at start")
                time.sleep(0.05)
        fail("nginx did not start")

    def client(self):
        return Client(self)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


def main(test, mail_env=None, db=None):
    """Runs test(server) against a fresh server (or one on db) and reports
    the outcome. With mail_env (a dict, may be empty) the server sends its
    mail to a real SMTP sink (smtp_sink.Sink) with these variables added to
    SVODKA_SMTP_URL and SVODKA_SMTP_FROM, and test is called as
    test(server, sink)."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    srv = sink = None
    try:
        if mail_env is None:
            srv = Server(name, db=db)
            test(srv)
        else:
            from smtp_sink import Sink

            os.makedirs(OUT, exist_ok=True)
            sink = Sink(os.path.join(OUT, name + "-sink-%d" % os.getpid()))
            env = {"SVODKA_SMTP_URL": sink.url, "SVODKA_SMTP_FROM": "svodka@primorsky.example"}
            env.update(mail_env)
            srv = Server(name, db=db, extra_env=env)
            test(srv, sink)
        srv.stop()
        srv = None
    except Exception:
        if srv is not None:
            try:
                srv.proc.kill()
                sys.stderr.write("--- server log ---\n" + srv.read_log()[-4000:] + "\n")
            except Exception:
                pass
        raise
    finally:
        if sink is not None:
            sink.stop()
    print("ok", name)
