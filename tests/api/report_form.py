"""Form helpers shared by the report scenarios."""
import re
import urllib.parse

URL = "/campaigns/charter-2022/reports/nakhodka"


def form_fields(html):
    """The report form's fields as a browser would send them."""
    fields = {}
    html = re.sub(r"<template.*?</template>", "", html, flags=re.S)
    for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*>', html):
        tag = m.group(0)
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        v = re.search(r'value="([^"]*)"', tag)
        fields.setdefault(m.group(1), []).append(v.group(1) if v else "")
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[m.group(1)] = [unescape(m.group(2))]
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="([^"]*)" selected', m.group(2))
        fields[m.group(1)] = [sel.group(1) if sel else ""]
    for k, vs in fields.items():
        fields[k] = [unescape(v) for v in vs]
    fields.pop("action", None)
    return fields


def unescape(s):
    import html
    return html.unescape(s)


def post(c, fields, url=URL, **extra):
    body = [(k, v) for k, vs in fields.items() for v in vs] + list(extra.items())
    return c.post(url, body=urllib.parse.urlencode(body).encode(),
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
