"""The portal's own OAuth token endpoint, /oauth/token/, standing in for oauth.bitrix.info."""

from __future__ import annotations

import math
from typing import Any

from werkzeug.wrappers import Request, Response

from . import _envelope
from ._parse_str import parse_str
from ._tokens import DEFAULT_LIFETIME_S, RefreshRefused, TokenBook

TOKEN_PATHS = ("/oauth/token/", "/oauth/token")
_REQUIRED = ("client_id", "client_secret", "refresh_token")


def token_response(
    request: Request, tokens: TokenBook, *, now: float, user_id: int, member_id: str
) -> Response:
    """Answer a refresh_token grant with a new token pair, or an OAuth error body.

    The docs give the error codes but no statuses; the mock sends RFC 6749's: 400 invalid_request
    and invalid_grant, 401 invalid_client. Only grant_type=refresh_token is served: the mock has no
    authorization page that would hand out codes.
    """
    params = parse_str(request.environ.get("QUERY_STRING", ""))
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        params = {**params, **parse_str(request.get_data(cache=True, parse_form_data=False))}
    try:
        access, renewed, grant = _refresh(tokens, params)
    except RefreshRefused as refused:
        return _envelope.json_response(
            refused.status, {"error": refused.code, "error_description": refused.description}
        )
    lifetime = DEFAULT_LIFETIME_S if tokens.lifetime_s is None else tokens.lifetime_s
    rest = f"{request.host_url}rest/"
    body = {
        "access_token": access,
        "expires": math.floor(now + lifetime),
        "expires_in": math.ceil(lifetime),
        "scope": ",".join(grant.scopes),
        "domain": request.host,
        "server_endpoint": rest,
        "status": "L",
        "client_endpoint": rest,
        "member_id": member_id,
        "user_id": user_id,
        "refresh_token": renewed,
    }
    return _envelope.json_response(200, body)


def _refresh(tokens: TokenBook, params: dict[str, Any]) -> tuple[str, str, Any]:
    values = {name: params.get(name) for name in ("grant_type", *_REQUIRED)}
    missing = [name for name, value in values.items() if not isinstance(value, str) or not value]
    if missing:
        raise RefreshRefused("invalid_request", f"Missing {', '.join(missing)}", 400)
    if values["grant_type"] != "refresh_token":
        raise RefreshRefused("invalid_request", "Only grant_type=refresh_token is supported", 400)
    return tokens.refresh(values["client_id"], values["client_secret"], values["refresh_token"])
