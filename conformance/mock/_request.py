"""An HTTP request read the way the REST framework reads it: method name, credentials, parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from . import _php
from ._parse_str import parse_str

_WEBHOOK = re.compile(r"/rest/([0-9]+)/([^/]+)/([^/]+)/?")
_OAUTH = re.compile(r"/rest/(.+?)/?")


@dataclass(frozen=True)
class Call:
    """What a request asks for, before authentication."""

    method: str  # lower case, without .json
    webhook: tuple[str, str] | None  # (user, code) from /rest/USER/CODE/METHOD
    params: dict[str, Any]
    bearer: str | None  # the token of an Authorization: Bearer header

    def token(self) -> str | None:
        """The OAuth access token: the auth or access_token parameter (not an array), else the header."""
        for name in ("auth", "access_token"):
            value = self.params.get(name)
            if value is not None and not _php.is_array(value) and _php.to_str(value):
                return _php.to_str(value)
        return self.bearer or None


def read_call(request: Request) -> Call | None:
    """The call a request makes, or None when its path is not under /rest/."""
    path = request.path
    webhook = None
    match = _WEBHOOK.fullmatch(path)
    if match is not None:
        webhook = (match.group(1), match.group(2))
        method = match.group(3)
    else:
        match = _OAUTH.fullmatch(path)
        if match is None:
            return None
        method = match.group(1)
    method = method.removesuffix(".json").lower()
    return Call(method, webhook, parameters(request), _bearer(request))


def parameters(request: Request) -> dict[str, Any]:
    """Query-string and body parameters merged as PHP merges them: the body wins, key by key."""
    query = parse_str(request.environ.get("QUERY_STRING", ""))
    return {**query, **_body(request)}


def _body(request: Request) -> dict[str, Any]:
    data = request.get_data(cache=True, parse_form_data=False)
    if not data:
        return {}
    if request.mimetype == "application/json":
        try:
            decoded = _php.json_decode(data)
        except (ValueError, RecursionError):
            # The framework ignores a body it cannot decode: the call goes on without its parameters.
            return {}
        return dict(_php.items(decoded)) if _php.is_array(decoded) else {}
    if request.mimetype == "application/x-www-form-urlencoded":
        return parse_str(data)
    return {}


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None
