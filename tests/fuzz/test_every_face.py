"""Hostile input on every face: no 5xx, whatever is typed, posted or put in an address.

On the demo data, each kind of user (guest, shopper, producer member, kiosk staff, manager) walks every page it can
reach from its landing pages, then:
- every form it finds is sent back once per hostile value, that value in every field the person could type in or
  pick from (hidden fields keep their values, so the request reaches the code behind the form);
- every query parameter seen in a link, and the usual ones (page, q, day, month…), is sent hostile values;
- every JSON endpoint (views marked @answers_json: the till's API, GraphQL) gets malformed and hostile bodies.
Any answer of 500 or more fails the test, listed with the request that caused it.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

HOSTILE_VALUES = [
    "²",
    "①٣",
    "1e-999999",
    "9" * 400,
    "-1",
    "2026-02-30",
    "a\x00b",
    "\u202egnp.exe\u200b",
    "'; DROP TABLE orders; --<script>",
    "Ｎước mắm 🐟" * 50,
    "",
]

HOSTILE_JSON_BODIES = [
    b"[" * 5000,
    b"{" * 5000,
    b'{"lines": "x"}',
    b'{"lines": [{"variant": "\\u0000", "quantity": "\xc2\xb2"}]}',
    b'{"discount_percent": "1e-999999", "lines": [], "payments": []}',
    b'{"discount_percent": 1e999, "lines": [[[[]]]], "payments": {"a": null}}',
    b'{"query": "{ __typename }", "variables": "[[[[["}',
    b"\xff\xfe\x00\x00",
    b"null",
    b"12345678901234567890123456789",
    json.dumps({"client_uuid": "not-a-uuid", "lines": [{"variant_id": "²", "quantity": "①"}]}).encode(),
]

QUERY_NAMES = ["page", "q", "day", "month", "producer", "address", "sort", "category", "kiosk", "status", "format"]

ROLES = {
    "guest": (None, ["/", "/gio-hang/", "/tai-khoan/dang-nhap/", "/tai-khoan/dang-ky/"]),
    "shopper": ("khach@xuquang.vn", ["/", "/tai-khoan/", "/gio-hang/"]),
    "producer": ("chuthe.cattrang@xuquang.vn", ["/nha-san-xuat/"]),
    "kiosk staff": ("nhanvien.hoian@xuquang.vn", ["/pos/"]),
    "manager": ("quanly@xuquang.vn", ["/admin/", "/pos/"]),
}

# Leaving these would end the walk (signing out) or only repeat what another page tests.
SKIPPED_PATHS = re.compile(r"dang-xuat|logout|/i18n/|/static/|/media/|/thumbnail/|\.(jpg|png|webp|pdf|xlsx|csv)$")
# Pages of the same shape ("/admin/orders/order/12/change/" and ".../13/change/") are walked twice at most.
VISITS_PER_SHAPE = 2
MAX_PAGES_PER_ROLE = 120
# Query strings get fewer values than forms: they reach the same parsing code, once per shape of page.
HOSTILE_QUERY_VALUES = ["²", "1e-999999", "2026-02-30", "\x00", "9" * 400, "-1"]


class FormReader(HTMLParser):
    """The forms of a page: action, method, and each field's name, kind and current value."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self._form = {
                "action": attributes.get("action") or "",
                "method": (attributes.get("method") or "get").lower(),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button") and attributes.get("name"):
            kind = attributes.get("type", tag).lower() if tag != "select" else "select"
            self._form["fields"].append((attributes["name"], kind, attributes.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def shape(path):
    """The URL pattern a path matches, with its query's names: one product page stands for all of them."""
    path, _, query = path.partition("?")
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    return route, tuple(sorted(name for name, _ in parse_qsl(query)))


def same_site_path(base, href):
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver") or url.scheme not in ("", "http"):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def hostile_forms(form, value):
    """The form's data with `value` in every field a person types in or picks from."""
    data = {}
    for name, kind, current in form["fields"]:
        if kind in ("hidden", "submit", "button"):
            data.setdefault(name, current)
        elif kind == "file":
            continue
        else:
            data[name] = value
    return data


class Walk:
    def __init__(self, client):
        self.client = client
        self.failures = []
        self.requests = 0

    def send(self, method, path, **kwargs):
        self.requests += 1
        response = getattr(self.client, method)(path, **kwargs)
        if response.status_code >= 500:
            body = kwargs.get("data")
            self.failures.append(f"{method.upper()} {path} {str(body)[:200]!r} → {response.status_code}")
        return response

    def pages(self, start):
        """Every page reachable by links from `start`, with its HTML."""
        seen_shapes, queue, found = {}, deque(start), {}
        while queue and len(found) < MAX_PAGES_PER_ROLE:
            path = queue.popleft()
            if path in found or SKIPPED_PATHS.search(path):
                continue
            count = seen_shapes.get(shape(path), 0)
            if count >= VISITS_PER_SHAPE:
                continue
            seen_shapes[shape(path)] = count + 1
            response = self.send("get", path)
            if response.status_code in (301, 302, 303, 307, 308):
                # A landing page that sends its user on (kiosk staff go straight to their till): walk on from there.
                followed = same_site_path(path, response["Location"])
                if followed:
                    queue.append(followed)
                continue
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader()
            reader.feed(response.content.decode())
            found[path] = reader
            for href in reader.links:
                linked = same_site_path(path, href)
                if linked and linked not in found:
                    queue.append(linked)
        return found


def json_endpoints():
    """The paths of views that answer JSON, with their URL parameters filled from the demo."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "answers_json", False):
                yield "/" + prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        yield re.sub(r"<slug:slug>", "kiosk-hoi-an", re.sub(r"<int:\w+>", "1", route))


@pytest.fixture
def demo(demo_output, db):
    return demo_output


@pytest.mark.parametrize("role", list(ROLES))
def test_no_hostile_input_gets_a_server_error(demo, role):
    email, start = ROLES[role]
    client = Client(raise_request_exception=False)
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    walk = Walk(client)
    pages = walk.pages(start)
    assert len(pages) >= len(start), f"{role} reached only {list(pages)}"

    query_names = set(QUERY_NAMES)
    for reader in pages.values():
        query_names |= {name for link in reader.links for name, _ in parse_qsl(urlsplit(link).query)}
    forms_sent, query_shapes = set(), set()
    for path, reader in pages.items():
        for form in reader.forms:
            target = same_site_path(path, form["action"] or path)
            if target is None or SKIPPED_PATHS.search(target):
                continue
            # The header's search box is on every page: one form of each shape is enough.
            form_shape = (shape(target), form["method"], tuple(name for name, _, _ in form["fields"]))
            if form_shape in forms_sent:
                continue
            forms_sent.add(form_shape)
            for value in HOSTILE_VALUES:
                data = hostile_forms(form, value)
                if form["method"] == "post":
                    walk.send("post", target, data=data)
                else:
                    walk.send("get", target.split("?")[0], data=data)
        if shape(path)[0] in query_shapes:
            continue
        query_shapes.add(shape(path)[0])
        for value in HOSTILE_QUERY_VALUES:
            walk.send("get", f"{path.split('?')[0]}?{urlencode(dict.fromkeys(query_names, value))}")

    for endpoint in json_endpoints():
        try:
            resolve(endpoint)
        except Resolver404:
            continue
        for body in HOSTILE_JSON_BODIES:
            walk.send("post", endpoint, data=body, content_type="application/json")

    print(f"{role}: {len(pages)} pages, {len(forms_sent)} forms, {walk.requests} requests")
    assert walk.failures == [], "\n".join(walk.failures)
