"""Keep secrets out of everything the suite records: URLs, bodies, parameters, headers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote_plus

MASK = "***"
MASK_BYTES = MASK.encode("ascii")  # the same, where bytes are masked (answers, their first bytes)
# Credential-named parameters and the webhook path segment are masked structurally; masking by
# text as well is only safe for secrets long enough not to occur in ordinary words (tests use "T").
MIN_TEXT_SECRET = 6
# Parameter names whose values are credentials wherever they appear (the REST server reads a token
# from `auth` or `access_token`; the others belong to the OAuth flow and event handlers).
SECRET_KEYS = frozenset({"auth", "access_token", "refresh_token", "client_secret", "application_token"})
SECRET_HEADERS = frozenset({"authorization", "cookie"})
# The names in a query-string key: "fields[settings][host]" -> fields, settings, host.
_KEY_NAMES = re.compile(r"[^\[\]]+")


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace each non-empty secret in text with ***."""
    return _replaced(text, _longest_first(secrets))


def redact_params(params: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of params with credential-named values masked and secrets masked inside strings."""
    return _walk(params, _longest_first(secrets))


def redact_command(command: str) -> str:
    """A batch command ("method?query") with the values of credential-named parameters and of source
    settings masked, every other byte as it was.

    The same rule as for parameters (see _masked), read off each query key's names: a credential name
    anywhere in the key, or a value of a source's settings map (fields[settings][host]=...), not one
    of a connector's list of setting definitions (fields[settings][0][code]=...).
    """
    method, mark, query = command.partition("?")
    if not mark:
        return command
    pairs = []
    for pair in query.split("&"):
        key, equals, value = pair.partition("=")
        names = _KEY_NAMES.findall(unquote_plus(key))
        if equals and value and _secret_query_key(names):
            value = quote(MASK)
        pairs.append(f"{key}{equals}{value}")
    return f"{method}?{'&'.join(pairs)}"


def _secret_query_key(names: list[str]) -> bool:
    def settings_value(place: int) -> bool:  # below settings, and not in a list of definitions
        below = names[place + 1 :]
        return bool(below) and not (below[0].isdigit() and len(below) > 1)

    return any(
        _is_secret_key(name) or (name == "settings" and settings_value(place))
        for place, name in enumerate(names)
    )


def has_credentials(params: Any) -> bool:
    """Whether params hold a value under a credential name (auth, access_token, ...), at any depth."""
    if isinstance(params, Mapping):
        return any(
            (_is_secret_key(key) and item is not None) or has_credentials(item)
            for key, item in params.items()
        )
    if isinstance(params, list | tuple):
        return any(has_credentials(item) for item in params)
    return False


def secret_values(params: Any) -> tuple[str, ...]:
    """The string values params hold under credential names, at any depth."""
    found: list[str] = []
    if isinstance(params, Mapping):
        for key, item in params.items():
            if _is_secret_key(key) and isinstance(item, str | int) and not isinstance(item, bool):
                found.append(str(item))
            elif _is_source_settings(key, item):
                found.extend(
                    str(v) for v in item.values() if isinstance(v, str | int) and not isinstance(v, bool)
                )
            else:
                found.extend(secret_values(item))
    elif isinstance(params, list | tuple):
        for item in params:
            found.extend(secret_values(item))
    return tuple(found)


def redact_headers(headers: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of headers with credential headers masked (keeping an Authorization scheme)."""
    ordered = _longest_first(secrets)
    masked = {}
    for name, value in headers.items():
        if name.lower() in SECRET_HEADERS:
            scheme, _, credential = value.partition(" ")
            masked[name] = f"{scheme} {MASK}" if credential else MASK
        else:
            masked[name] = _replaced(value, ordered)
    return masked


def _longest_first(secrets: Iterable[str]) -> tuple[str, ...]:
    # Longest first, so a secret that contains another is masked whole.
    return tuple(sorted({s for s in secrets if s}, key=len, reverse=True))


def _replaced(text: str, ordered: tuple[str, ...]) -> str:
    for secret in ordered:
        text = text.replace(secret, MASK)
    return text


def _walk(value: Any, secrets: tuple[str, ...]) -> Any:
    # secrets: as _longest_first gives them; strings first, the most common value by far
    if isinstance(value, str):
        return _replaced(value, secrets)
    if isinstance(value, Mapping):
        return {_walk(key, secrets): _masked(key, item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(item, secrets) for item in value]
    return value


def _masked(key: Any, item: Any, secrets: tuple[str, ...]) -> Any:
    if _is_secret_key(key) and item is not None:
        return MASK
    if key == "cmd" and isinstance(item, Mapping):
        # a batch call's commands: query strings, masked by the parameter names inside them
        return {
            _walk(name, secrets): _replaced(redact_command(text), secrets)
            if isinstance(text, str)
            else _walk(text, secrets)
            for name, text in item.items()
        }
    if _is_source_settings(key, item):
        # a source's settings map codes to connection credentials: mask the values; the codes are
        # kept, with any secret in them masked as in all text
        return {_walk(code, secrets): MASK if value is not None else None for code, value in item.items()}
    return _walk(item, secrets)


def _is_source_settings(key: Any, item: Any) -> bool:
    return key == "settings" and isinstance(item, Mapping)


def _is_secret_key(key: Any) -> bool:
    return isinstance(key, str) and key.lower() in SECRET_KEYS
