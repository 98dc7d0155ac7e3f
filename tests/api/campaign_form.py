"""Helpers for the campaign editing tests: read the edit page's form as a
browser would submit it, change fields, post it back, and upload a file as
multipart/form-data."""
import html.parser
import json
import uuid


class FormReader(html.parser.HTMLParser):
    """Collects the fields of the <form> whose action is `action`, as a
    browser submits them: inputs with their values (checkboxes only when
    checked), textareas, selects (the selected option); buttons are left
    out."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields = []
        self.textarea = None
        self.select = None
        self.readonly = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind == "checkbox" and "checked" not in a:
                return
            self.fields.append([name, a.get("value", "" if kind != "checkbox" else "on")])
            if "readonly" in a:
                self.readonly.add(name)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = [name, None]
        elif tag == "option" and self.select is not None:
            if "selected" in a or self.select[1] is None:
                self.select[1] = a.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            if value.startswith("\n"):
                value = value[1:]  # browsers drop one newline right after <textarea>
            self.fields.append([self.textarea[0], value])
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.fields.append([self.select[0], self.select[1] or ""])
            self.select = None


class Form:
    """The fields of a form, in order; names may repeat (checkboxes)."""

    def __init__(self, page_html, action):
        r = FormReader(action)
        r.feed(page_html)
        if not r.fields:
            raise AssertionError("no form with action %s in the page" % action)
        self.fields = r.fields
        self.readonly = r.readonly

    def get(self, name):
        for k, v in self.fields:
            if k == name:
                return v
        return None

    def all(self, name):
        return [v for k, v in self.fields if k == name]

    def set(self, name, value):
        """Sets the first field of that name (adds it when missing)."""
        for f in self.fields:
            if f[0] == name:
                f[1] = value
                return self
        self.fields.append([name, value])
        return self

    def drop(self, name, value=None):
        self.fields = [f for f in self.fields if not (f[0] == name and (value is None or f[1] == value))]
        return self

    def row_of(self, prefix, key, value):
        """The row index i where field prefix_key_i has value."""
        for k, v in self.fields:
            if k.startswith("%s_%s_" % (prefix, key)) and v == value:
                return int(k.rsplit("_", 1)[1])
        return None

    def pairs(self):
        return [(k, v) for k, v in self.fields]


def multipart(fields, files):
    """Encodes text fields [(name, value)] and files [(name, filename, bytes)]."""
    boundary = "----svodka" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode()
        out += value.encode() + b"\r\n"
    for name, filename, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/json\r\n\r\n" % (boundary, name, filename)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def upload(client, token, data, filename="campaign.json"):
    body, ctype = multipart([("csrf_token", token)], [("file", filename, data)])
    return client.post("/admin/campaigns/import", body=body, headers={"Content-Type": ctype})


def post_form(client, action, form):
    import urllib.parse
    body = urllib.parse.urlencode(form.pairs()).encode()
    return client.post(action, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


def charter():
    with open("data/charter-2022.json", encoding="utf-8") as f:
        return json.load(f)
