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


def run_cli(*args, db=None, stdin=None, env=None):
    """Runs the svodka binary; returns (exit code, stdout, stderr)."""
    cmd = [BIN] + list(args)
    if db:
        cmd += ["--db", db]
    e = dict(os.environ)
    e.update(env or {})
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


class Server:
    """A fresh database and a running `svodka serve` on a free port."""

    def __init__(self, name, threads=2, extra_env=None, users=True):
        os.makedirs(OUT, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=OUT)
        self.db = os.path.join(self.dir, "svodka.db")
        self.log = os.path.join(self.dir, "server.log")
        rc, out, err = run_cli("init", db=self.db)
        check(rc == 0, "init failed: %s %s" % (out, err))
        if users:
            rc, out, err = run_cli("user", "add", "--login", "admin", "--role", "admin", db=self.db,
                                   stdin=ADMIN_PASSWORD + "\n")
            check(rc == 0, "user add admin: %s" % err)
            rc, out, err = run_cli("user", "add", "--login", "coord", "--role", "coordinator",
                                   "--org-unit", "nakhodka", "--name", "Координатор Находки",
                                   db=self.db, stdin=COORD_PASSWORD + "\n")
            check(rc == 0, "user add coord: %s" % err)
        self.port = free_port()
        env = dict(os.environ)
        env.update(extra_env or {})
        self.logf = open(self.log, "wb")
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--listen",
                                      "127.0.0.1:%d" % self.port, "--threads", str(threads)],
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
        """Reads the database with the sqlite3 tool (a separate process)."""
        p = subprocess.run(["sqlite3", self.db, query], capture_output=True, timeout=30)
        check(p.returncode == 0, "sqlite3: " + p.stderr.decode())
        return p.stdout.decode().strip()


def main(test):
    """Runs test(server) against a fresh server and reports the outcome."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    srv = None
    try:
        srv = Server(name)
        test(srv)
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
    print("ok", name)
