"""Whole page views under load: the HTML and every call the page's script makes, as wrk plays them.

A page view is a fixed sequence of requests on one connection, what a browser sends for it:
the page (``Accept-Encoding: gzip``), the JSON calls of ``static/js/live.js`` for that page,
and the history POST a logged-in shopper's goods view makes. The sequence is read from the page
itself (the fragment URLs and goods ids its markup gives the script) and handed to wrk's Lua;
page views/s is completed sequences per second. A connection is a browser tab: its first view
plays the calls of a cold cache (``calls.cold``: the fragments, ``/session/``), every later
view those of a warm one. wrk runs one connection per thread, so a thread's Lua state is that
connection's place in the sequence.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from common import ensure_wrk

CONNECTIONS = 16

LUA = r"""
-- globals, not locals: done() reads each thread's counts with thread:get()
cold, steady, warm, step, views, failed = {}, {}, false, 0, 0, 0
local threads = {}
local cold_plan = %(cold)s
local steady_plan = %(steady)s

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, call in ipairs(cold_plan) do
    table.insert(cold, wrk.format(call[1], call[2], call[3], call[4]))
  end
  for _, call in ipairs(steady_plan) do
    table.insert(steady, wrk.format(call[1], call[2], call[3], call[4]))
  end
  warm = #cold == 0
end

function request()
  local sequence = warm and steady or cold
  step = step %% #sequence + 1
  return sequence[step]
end

function response(status, headers, body)
  if status >= 400 then failed = failed + 1 end
  if step == #(warm and steady or cold) then
    views = views + 1
    warm, step = true, 0
  end
end

function done(summary, latency, requests)
  local total, bad = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("views")
    bad = bad + thread:get("failed")
  end
  io.write(string.format("PAGEVIEWS %%d %%d %%d\n", total, bad, summary.duration))
end
"""


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass
class Shopper:
    """Who plays the page views: the cookies a browser would send, empty for a guest."""

    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def logged_in(self) -> bool:
        return "sessionid" in self.cookies

    def header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}


@dataclass
class ViewResult:
    views_per_second: float
    requests_per_view: int
    failed: int


def _lua_string(text: str | None) -> str:
    return "nil" if text is None else json.dumps(text)  # JSON strings are Lua strings here


def _lua_plan(calls: list[Call]) -> str:
    rows = []
    for call in calls:
        headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in call.headers.items())
        rows.append(
            f"{{{json.dumps(call.method)}, {json.dumps(call.path)}, {{{headers}}}, "
            f"{_lua_string(call.body)}}}"
        )
    return "{\n  " + ",\n  ".join(rows) + "\n}"


def play(base_url: str, calls: list[Call], *, seconds: int) -> ViewResult:
    """wrk plays ``calls`` as one page view, over and over, on every connection; first, once
    per connection, ``calls.cold`` when the calls have it (browser.PageView)."""
    cold = getattr(calls, "cold", [])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"cold": _lua_plan(cold), "steady": _lua_plan(calls)})
    args = [ensure_wrk(), f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s"]
    output = subprocess.run(
        [*args, script.name, base_url], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    match = re.search(r"PAGEVIEWS (\d+) (\d+) (\d+)", output)
    if match is None:
        raise RuntimeError(f"wrk gave no page view count:\n{output}")
    views, failed, micros = (int(n) for n in match.groups())
    return ViewResult(views / (micros / 1e6), len(calls), failed)


def fetch(base_url: str, call: Call) -> tuple[int, bytes, SimpleCookie]:
    """One request as the load will send it (to read a page, and to check the sequence works)."""
    data = call.body.encode() if call.body is not None else None
    request = urllib.request.Request(  # noqa: S310
        base_url + call.path, data=data, method=call.method, headers=call.headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, body, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), error.headers
    cookies = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    return status, body, cookies


def check(base_url: str, calls: list[Call]) -> list[str]:
    """The calls that do not answer 2xx/3xx (a page view that fails is no page view)."""
    failures = []
    for call in calls:
        status, _body, _cookies = fetch(base_url, call)
        if status >= 400:
            failures.append(f"{call.method} {call.path} answered {status}")
    return failures
