"""A target: where requests go (a portal's REST base or an in-process app) and how they authenticate."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

Auth = Literal["oauth", "webhook"]
AUTHS = ("oauth", "webhook")
IN_PROCESS_BASE = "http://mock.invalid/rest/"  # .invalid never resolves, so nothing can leak to a network
_SHAPES = "https://HOST/rest/USER/CODE/ (webhook) or https://HOST/rest/ (OAuth)"
_WEBHOOK_CODE = re.compile(r"(/rest/\d+/)([^/?#]+)")
_USERINFO = re.compile(r"(://)[^/@]*@")


class TargetError(ValueError):
    """A target URL or its options cannot be used; the message says what was expected and how to fix it."""


@dataclass(frozen=True, repr=False)
class Target:
    """What is tested: a REST base URL, how requests authenticate, and optionally a WSGI app to call."""

    base_url: str  # ends with /rest/ (oauth) or /rest/USER/CODE/ (webhook)
    auth: Auth
    access_token: str | None = None  # oauth only
    app: Callable[..., Any] | None = None  # a WSGI app: requests go in-process, no socket

    def __post_init__(self) -> None:
        if self.auth not in AUTHS:
            raise TargetError(f"Expected auth 'oauth' or 'webhook', got {self.auth!r}")
        if not self.base_url.endswith("/"):
            raise TargetError(f"Expected a base URL ending with '/', got {mask_url(self.base_url)!r}")
        if self.auth == "webhook" and webhook_code(self.base_url) is None:
            shown = mask_url(self.base_url)
            raise TargetError(f"Expected a webhook base URL like https://HOST/rest/USER/CODE/, got {shown!r}")

    @classmethod
    def in_process(
        cls, app: Callable[..., Any], access_token: str, *, base_url: str = IN_PROCESS_BASE
    ) -> Target:
        """An OAuth target served by a WSGI app in this process; base_url is only what requests show.

        Requests never leave the process whatever base_url says; a run gives the address where
        `b24-conformance mock` would serve the same app, so that its reproduce lines can be pasted.
        """
        base, shape = _parse_base(base_url)
        if shape != "oauth":
            raise TargetError(_mismatch(base, "oauth"))
        return cls(base, "oauth", access_token, app)

    @classmethod
    def parse(cls, url: str, *, auth: str | None = None, access_token: str | None = None) -> Target:
        """A target from a webhook URL or an OAuth base URL; auth None infers it from the URL's shape."""
        base, shape = _parse_base(url)
        if auth is None:
            auth = shape
        elif auth not in AUTHS:
            raise TargetError(f"Expected auth 'oauth' or 'webhook', got {auth!r}")
        elif auth != shape:
            raise TargetError(_mismatch(base, auth))
        if auth == "oauth" and not access_token:
            raise TargetError(
                f"Expected an access token for the OAuth target {base!r}, got none; give one"
                " (B24_ACCESS_TOKEN), or use a webhook URL https://HOST/rest/USER/CODE/"
            )
        if auth == "webhook" and access_token:
            raise TargetError(
                f"Expected no access token with the webhook URL {mask_url(base)!r} (its code authenticates),"
                " got one; drop the token, or use the portal's https://HOST/rest/ with it"
            )
        return cls(base, auth, access_token if auth == "oauth" else None)  # type: ignore[arg-type]

    @classmethod
    def webhook(cls, url: str, flag: str) -> Target:
        """The target of the webhook URL an option (flag) gave; a TargetError that names flag and never
        quotes the URL, which may hold the code."""
        try:
            return cls.parse(url, auth="webhook")
        except TargetError:
            raise TargetError(f"Expected {flag} to be a webhook URL https://HOST/rest/USER/CODE/") from None

    def webhook_at(self, path: str) -> Target:
        """The same portal called through its webhook at path (/rest/USER/CODE/), with no token."""
        base = self.base_url.removesuffix("/rest/") + path
        return dataclasses.replace(self, base_url=base, auth="webhook", access_token=None)

    def redacted_url(self) -> str:
        """The base URL with the webhook code masked, e.g. https://host/rest/1/***/."""
        return mask_url(self.base_url)

    def secrets(self) -> tuple[str, ...]:
        """The credentials this target carries: the webhook code and the access token."""
        return tuple(s for s in (webhook_code(self.base_url), self.access_token) if s)

    def __repr__(self) -> str:
        where = ", in-process" if self.app is not None else ""
        return f"Target({self.redacted_url()!r}, auth={self.auth!r}{where})"


def shown_target(url: str, unparseable: str = "(unparseable target)") -> str:
    """A target URL as a report or message may show it (webhook code masked); unparseable ones not at all."""
    for token in (None, "-"):  # a webhook takes no token, an OAuth base needs one
        try:
            return Target.parse(url, access_token=token).redacted_url()
        except TargetError:
            continue
    return unparseable


def mask_url(url: str) -> str:
    """The URL with a webhook code and any user:password@ masked."""
    return _USERINFO.sub(r"\1***@", _WEBHOOK_CODE.sub(r"\1***", url, count=1))


def webhook_code(url: str) -> str | None:
    """The webhook code in a /rest/USER/CODE/ URL, or None."""
    found = _WEBHOOK_CODE.search(url)
    return found.group(2) if found else None


def _parse_base(url: str) -> tuple[str, Auth]:
    text = url.strip()
    shown = mask_url(text)
    if not text:
        raise TargetError(f"Expected a target URL like {_SHAPES}, got an empty string")
    if "://" not in text:
        raise TargetError(
            f"Expected a URL starting with https:// or http://, got {shown!r};"
            f" perhaps you meant {mask_url('https://' + text)!r}"
        )
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise TargetError(f"Expected an https:// or http:// URL, got scheme {parts.scheme!r} in {shown!r}")
    if "@" in parts.netloc:
        raise TargetError(
            f"Expected no user name or password in the URL (a webhook's secret goes in its path,"
            f" /rest/USER/CODE/), got {shown!r}"
        )
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when asked
    except ValueError:
        raise TargetError(f"Expected a numeric port, got {parts.netloc!r} in {shown!r}") from None
    if not parts.hostname:
        raise TargetError(f"Expected a host name in the URL, got none in {shown!r}")
    origin = f"{scheme}://{parts.netloc}"
    # A missing final slash is unambiguous, so it is added instead of refused.
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if parts.query or parts.fragment:
        raise TargetError(
            f"Expected no query string or fragment in the target URL, got one after"
            f" {mask_url(origin + parts.path)!r}; drop it"
        )
    segments = [s for s in path.split("/") if s]
    if "rest" not in segments:
        raise TargetError(
            f"Expected the path to end in /rest/ (OAuth) or /rest/USER/CODE/ (webhook), got {path!r};"
            f" perhaps you meant {origin + path + 'rest/'!r}"
        )
    at = segments.index("rest")
    prefix = "/" + "".join(s + "/" for s in segments[: at + 1])
    tail = segments[at + 1 :]
    if not tail:
        return origin + prefix, "oauth"
    if len(tail) == 2 and tail[0].isdigit():
        return origin + path, "webhook"
    raise TargetError(_bad_tail(origin + prefix, tail))


def _bad_tail(rest_base: str, tail: list[str]) -> str:
    if len(tail) == 1 and "." in tail[0]:
        return f"Expected the REST base URL, got a method name {tail[0]!r} after it; use {rest_base!r}"
    if len(tail) == 3 and tail[0].isdigit():
        base = mask_url(f"{rest_base}{tail[0]}/{tail[1]}/")
        return f"Expected the webhook's base URL, got a method name {tail[2]!r} after it; use {base!r}"
    if len(tail) == 2:
        return f"Expected a numeric user id in /rest/USER/CODE/, got {tail[0]!r}"
    if len(tail) == 1:
        return (
            f"Expected /rest/USER/CODE/ for a webhook, got only {tail[0]!r} after /rest/;"
            " the webhook code is missing"
        )
    shown = mask_url(rest_base + "/".join(tail) + "/")
    return f"Expected a URL like {_SHAPES}, got {shown!r}"


def _mismatch(base: str, auth: str) -> str:
    if auth == "webhook":
        return (
            f"Expected a webhook URL like https://HOST/rest/USER/CODE/ for auth 'webhook', got the OAuth base"
            f" {base!r}; add the user id and webhook code, or use auth 'oauth' with an access token"
        )
    rest_base = base[: base.index("/rest/") + len("/rest/")]
    return (
        f"Expected an OAuth base URL like https://HOST/rest/ for auth 'oauth', got the webhook URL"
        f" {mask_url(base)!r}; leave auth unset (the webhook code authenticates) or use {rest_base!r}"
    )
