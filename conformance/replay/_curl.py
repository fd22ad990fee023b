"""Read a finding's redacted curl line back into a REST call: method name, encoding and parameters.

The method name is the URL's last part: a dotted REST method (biconnector.connector.get) or batch,
whose commands stay as the line shows them, in params["cmd"].
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from ..batch import BATCH
from ..client import MASK
from ..exchange import Encoding

_CREDENTIALS = frozenset({"auth", "access_token"})  # the client sends its current token as `auth`
_DATA_OPTIONS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--data-ascii"})
_VALUE_OPTIONS = frozenset({"-X", "--request", "-H", "--header", *_DATA_OPTIONS})
_KEY = re.compile(r"^([^\[]*)((?:\[[^\]]*\])*)$")
# An inbound webhook's path as a report shows it: /rest/USER/CODE/method with the code masked.
_WEBHOOK_PATH = re.compile(r"/rest/[^/]+/" + re.escape(MASK) + r"/[^/]+$")


class CurlError(ValueError):
    """A reproduce line that is not a curl command of the suite's shape."""


@dataclass(frozen=True)
class CurlCall:
    """A REST call as a reproduce line shows it, without its masked credentials."""

    rest_method: str  # e.g. biconnector.connector.get, or batch
    encoding: Encoding
    params: dict[str, Any]
    masked: tuple[str, ...] = ()  # parameters still masked once the credentials are left out
    through_webhook: bool = False  # sent to an inbound webhook (/rest/USER/***/method), not with a token


def parse_curl(line: str) -> CurlCall:
    """The REST method, encoding and parameters of a curl line written by Request.curl()."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise CurlError(f"Expected a shell-quoted curl command, got one that does not split: {exc}") from None
    if not words or words[0] != "curl":
        raise CurlError(f"Expected a line starting with curl, got {line[:40]!r}")
    http_method, headers, body, url = _read_words(words[1:])
    rest_method = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    if "." not in rest_method and rest_method != BATCH:
        raise CurlError(f"Expected a URL ending in a REST method name (a.b or {BATCH}), got {url!r}")
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    query = urlsplit(url).query
    if body is None:
        if (http_method or "GET") != "GET":
            raise CurlError(f"Expected a body with {http_method}, got none")
        encoding: Encoding = "query"
        params = parse_form(query)
    elif content_type == "application/json":
        encoding, params = "json", _json_params(body)
    elif content_type == "application/x-www-form-urlencoded":
        encoding, params = "form", parse_form(body)
    else:
        raise CurlError(f"Expected a JSON or form-encoded body, got Content-Type {content_type or 'none'!r}")
    kept = {key: value for key, value in params.items() if not (key in _CREDENTIALS and value == MASK)}
    masked = _masked_paths(kept, "")
    if rest_method == BATCH and isinstance(kept.get("cmd"), dict):
        # a command's masked values are URL-encoded in its query text
        for key, text in kept["cmd"].items():
            if isinstance(text, str):
                masked += _masked_paths(parse_form(text.partition("?")[2]), f"cmd[{key}]")
    webhook = _WEBHOOK_PATH.search(urlsplit(url).path) is not None
    return CurlCall(rest_method, encoding, kept, tuple(masked), through_webhook=webhook)


def parse_form(text: str) -> dict[str, Any]:
    """PHP-style form or query text (a%5Bb%5D=1) as nested dicts that http_build_query re-encodes."""
    params: dict[str, Any] = {}
    for pair in filter(None, text.split("&")):
        raw_key, _, raw_value = pair.partition("=")
        key, value = unquote_plus(raw_key), unquote_plus(raw_value)
        match = _KEY.match(key)
        if match is None or not match.group(1):
            params[key] = value  # no PHP-style nesting to read in it: kept as one plain key
            continue
        path = [match.group(1), *re.findall(r"\[([^\]]*)\]", match.group(2))]
        _place(params, path, value)
    return params


def _place(params: dict[str, Any], path: list[str], value: str) -> None:
    node = params
    for depth, name in enumerate(path):
        if name == "":
            name = str(len(node))  # a[] appends, as in PHP
        if depth == len(path) - 1:
            node[name] = value
            return
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}  # a later a[b] replaces an earlier plain a, as PHP does
        node = child


def _read_words(words: list[str]) -> tuple[str | None, dict[str, str], str | None, str]:
    http_method, body, url = None, None, None
    headers: dict[str, str] = {}
    pending = None
    for word in words:
        if pending is not None:
            if pending in ("-X", "--request"):
                http_method = word.upper()
            elif pending in ("-H", "--header"):
                name, _, value = word.partition(":")
                headers[name.strip().lower()] = value.strip()
            else:
                body = word
            pending = None
        elif word in _VALUE_OPTIONS:
            pending = word
        elif word.startswith("-"):
            continue  # -sS and other flags without a value
        else:
            url = word
    if url is None:
        raise CurlError("Expected a URL in the curl line, got none")
    return http_method, headers, body, url


def _json_params(body: str) -> dict[str, Any]:
    try:
        params = json.loads(body)
    except json.JSONDecodeError as exc:
        raise CurlError(f"Expected a JSON body, got text that does not parse: {exc}") from None
    if not isinstance(params, dict):
        raise CurlError(f"Expected a JSON object as the body, got {type(params).__name__}")
    return params


def _masked_paths(value: Any, where: str) -> list[str]:
    if isinstance(value, dict):
        return [
            p for key, item in value.items() for p in _masked_paths(item, f"{where}[{key}]" if where else key)
        ]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _masked_paths(item, f"{where}[{index}]")]
    return [where] if isinstance(value, str) and MASK in value else []
