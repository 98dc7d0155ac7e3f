"""A real SMTP server for the mail tests: Debian's aiosmtpd on a loopback
port, writing every message it accepts to a folder as NNNN.eml, with the
envelope recipients prepended as X-Sink-Rcpt headers.

As a program (run with /usr/bin/python3, which has aiosmtpd; the tests'
python3 may be another interpreter without it):
    /usr/bin/python3 smtp_sink.py PORT DIR
As a module: Sink(dir) starts it on a free port, messages() parses what
arrived with Python's email package, stop() ends it."""
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time

SINK_PYTHON = "/usr/bin/python3"


def _serve(port, folder):
    import threading

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.n = 0
            self.lock = threading.Lock()

        async def handle_DATA(self, server, session, envelope):
            with self.lock:
                self.n += 1
                n = self.n
            head = "".join("X-Sink-Rcpt: %s\r\n" % r for r in envelope.rcpt_tos)
            head += "X-Sink-From: %s\r\n" % envelope.mail_from
            data = envelope.original_content or envelope.content
            if isinstance(data, str):
                data = data.encode("utf-8")
            tmp = os.path.join(folder, ".%04d.tmp" % n)
            with open(tmp, "wb") as f:
                f.write(head.encode() + data)
            os.rename(tmp, os.path.join(folder, "%04d.eml" % n))
            return "250 OK"

    ctl = Controller(Handler(), hostname="127.0.0.1", port=port)
    ctl.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    print("ready", flush=True)
    while not stop.wait(0.2):
        pass
    ctl.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """The sink as a child process on a free (or the given) port."""

    def __init__(self, folder, port=None):
        os.makedirs(folder, exist_ok=True)
        self.folder = folder
        self.port = port or free_port()
        self.proc = subprocess.Popen([SINK_PYTHON, os.path.abspath(__file__), str(self.port), folder],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode().strip()
        if line != "ready":
            err = self.proc.stderr.read().decode() if self.proc.poll() is not None else ""
            raise AssertionError("smtp sink did not start: %r %s" % (line, err))

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def messages(self):
        """Every message so far, oldest first, as email.message.EmailMessage."""
        out = []
        for name in sorted(os.listdir(self.folder)):
            if name.endswith(".eml"):
                with open(os.path.join(self.folder, name), "rb") as f:
                    out.append(email.message_from_bytes(f.read(), policy=email.policy.default))
        return out

    def raw(self, i):
        """The bytes of the i-th message as received (after the X-Sink headers)."""
        names = sorted(n for n in os.listdir(self.folder) if n.endswith(".eml"))
        with open(os.path.join(self.folder, names[i]), "rb") as f:
            return f.read()

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msgs = self.messages()
            if len(msgs) >= count:
                return msgs
            time.sleep(0.1)
        raise AssertionError("smtp sink: %d messages after %ds, want %d" % (len(self.messages()), timeout,
                                                                             count))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def recipients(msg):
    return msg.get_all("X-Sink-Rcpt") or []


def body(msg):
    return msg.get_content()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), sys.argv[2])
