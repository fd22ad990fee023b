"""The settings of one conformance run, read from pytest options and B24_* environment variables."""

from __future__ import annotations

import math
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ..client import Target, TargetError, shown_target
from ..contract import PLACEMENTS, Placement
from ..serving import is_loopback_host

Auth = Literal["oauth", "webhook"]


RATE_LIMITS = ("off", "standard", "enterprise")  # pacing plans: none, or the two the portal has


@dataclass(frozen=True)
class Profile:
    """How hard a run tries: examples per (method, encoding, input class)."""

    name: str
    examples: int
    encodings: tuple[str, ...]
    shrink: bool  # shrinking a failure costs requests: worth it except in a smoke run
    lifecycles: int  # runs of the lifecycle state machine
    lifecycle_steps: int  # the most steps of one of them
    budget: int | None = None  # the request cap when --budget is not given
    # make 51 objects on a portal to walk list pages (always on a mock: in-process, or on a loopback URL)
    paginates_portals: bool = False
    # encodings beyond `encodings` that get a few probes each: only the classes `spot_classes` names
    spot_encodings: tuple[str, ...] = ()
    spot_classes: tuple[str, ...] = ()
    spot_methods: tuple[str, ...] | None = None  # the methods the spot probes go to; None: every one
    batch: bool = False  # probes a query string can carry go in batch calls, as with --batch
    schemathesis: bool = True  # whether schemathesis' generation and links run besides the suite's own


PROFILES = {
    # quick is a smoke run for rate-limited portals: about 1,000 requests against the mock, capped at 1,200
    # form and query get an existing and an unknown id per method: a target that cannot read them shows
    "quick": Profile(
        "quick",
        examples=1,
        encodings=("json",),
        shrink=False,
        lifecycles=2,
        lifecycle_steps=10,
        budget=1200,
        spot_encodings=("form", "query"),
        spot_classes=("id.existing", "id.unknown"),
    ),
    # gate is quick's cells in as few requests as a live portal's release gate can afford: batch calls,
    # the fixed walk instead of the state machine, no schemathesis
    "gate": Profile(
        "gate",
        examples=1,
        encodings=("json",),
        shrink=False,
        lifecycles=0,
        lifecycle_steps=0,
        budget=600,
        # one get in form, with the classes whose direct answers a batch command cannot stand in for
        spot_encodings=("form",),
        spot_classes=("id.unknown", "id.missing", "id.zero", "id.negative", "id.fraction", "id.foreign"),
        spot_methods=("biconnector.connector.get",),
        batch=True,
        schemathesis=False,
    ),
    "standard": Profile(
        "standard",
        examples=10,
        encodings=("json", "form", "query"),
        shrink=True,
        lifecycles=8,
        lifecycle_steps=20,
    ),
    "deep": Profile(
        "deep",
        examples=60,
        encodings=("json", "form", "query"),
        shrink=True,
        lifecycles=40,
        lifecycle_steps=40,
        paginates_portals=True,
    ),
}


@dataclass(frozen=True)
class Option:
    """One run setting: its pytest flag, environment variable, default and help."""

    name: str
    env: str
    default: str | None
    help: str
    choices: tuple[str, ...] | None = None
    secret: bool = False  # passed to pytest through the environment, never on a command line
    cli: str | None = None  # the b24-conformance run flag, when it is not --NAME

    @property
    def flag(self) -> str:
        """The pytest command-line flag."""
        return "--b24-" + self.name.replace("_", "-")

    @property
    def cli_flag(self) -> str:
        """The b24-conformance run flag: what messages to a user name."""
        return self.cli or "--" + self.name.replace("_", "-")


OPTIONS = (
    Option("target", "B24_TARGET", "mock", "mock (the bundled mock portal, in-process) or a portal URL"),
    Option(
        "auth",
        "B24_AUTH",
        None,
        "webhook or oauth (default: inferred from the target URL)",
        ("webhook", "oauth"),
    ),
    Option(
        "access_token",
        "B24_ACCESS_TOKEN",
        None,
        "OAuth access token of the application under test",
        secret=True,
    ),
    Option(
        "second_access_token",
        "B24_SECOND_ACCESS_TOKEN",
        None,
        "access token of a second application on the same portal (for id.foreign)",
        secret=True,
    ),
    Option(
        "webhook",
        "B24_WEBHOOK",
        None,
        "the portal's incoming webhook https://HOST/rest/USER/CODE/, beside an OAuth run's token: "
        "every method is also called without an application context through it",
        secret=True,
    ),
    Option(
        "error_placement",
        "B24_ERROR_PLACEMENT",
        "nested",
        "where the target is expected to put method errors",
        PLACEMENTS,
    ),
    Option(
        "mock_error_placement",
        "B24_MOCK_ERROR_PLACEMENT",
        "nested",
        "where the bundled mock puts method errors (target mock only)",
        PLACEMENTS,
    ),
    Option(
        "mock_faults",
        "B24_MOCK_FAULTS",
        None,
        "comma-separated faults to plant in the bundled mock (target mock only; see mock --list-faults)",
        cli="--mock-fault",
    ),
    Option("profile", "B24_PROFILE", "standard", "gate, quick, standard or deep", tuple(PROFILES)),
    Option("seed", "B24_SEED", None, "seed for generation; the same seed repeats a run"),
    Option("budget", "B24_BUDGET", None, "the most requests the run may send"),
    Option("read_only", "B24_READ_ONLY", None, "send no add or delete; find existing ids through list"),
    Option(
        "batch",
        "B24_BATCH",
        None,
        "send the probes a query string can carry as commands of batch calls (50 to a call)",
    ),
    Option("report_dir", "B24_REPORT_DIR", None, "where summary.json is written"),
    Option(
        "rate_limit",
        "B24_RATE_LIMIT",
        None,
        "pace requests for the portal's plan: off, standard (50 burst, 2/s) or enterprise (250, 5/s); "
        "default standard for a portal URL, off for the in-process mock",
        RATE_LIMITS,
    ),
    Option(
        "retry_time",
        "B24_RETRY_TIME",
        None,
        "seconds one request may spend waiting out 503/429 answers and dropped connections (0: never retry)",
    ),
    Option("client_id", "B24_CLIENT_ID", None, "OAuth client id, to renew an expired access token"),
    Option(
        "client_secret",
        "B24_CLIENT_SECRET",
        None,
        "OAuth client secret, to renew an expired access token",
        secret=True,
    ),
    Option(
        "refresh_token",
        "B24_REFRESH_TOKEN",
        None,
        "OAuth refresh token, to renew an expired access token",
        secret=True,
    ),
    Option("oauth_server", "B24_OAUTH_SERVER", None, "the OAuth token URL (default: Bitrix24's)"),
    Option("timeout", "B24_TIMEOUT", "10", "seconds to wait for one answer"),
    Option(
        "max_answer_bytes",
        "B24_MAX_ANSWER_BYTES",
        str(8 * 1024 * 1024),
        "the most bytes one answer may have, on the wire and decompressed (larger: a transport finding)",
    ),
)


OPTION = {option.name: option for option in OPTIONS}


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class RunConfig:
    """Resolved settings of a run."""

    target: str = field(repr=False)  # a webhook URL carries its code: never in a repr
    auth: Auth | None
    access_token: str | None = field(repr=False)  # a secret: never in a repr or a report
    second_access_token: str | None = field(repr=False)  # a secret: never in a repr or a report
    error_placement: Placement
    mock_error_placement: Placement
    mock_faults: tuple[str, ...]
    profile: Profile
    seed: int
    budget: int | None
    read_only: bool
    batch: bool
    report_dir: Path | None
    timeout: float
    max_answer_bytes: int
    rate_limit: str | None
    retry_time: float | None
    client_id: str | None
    client_secret: str | None = field(repr=False)  # a secret: never in a repr or a report
    refresh_token: str | None = field(repr=False)  # a secret: never in a repr or a report
    oauth_server: str | None
    webhook: str | None = field(default=None, repr=False)  # carries its code: never in a repr or a report

    @property
    def pacing(self) -> str:
        """The rate-limit plan in force: as given, else off for the mock or a loopback URL, standard else."""
        return self.rate_limit or ("off" if self.is_mock or self.is_loopback else "standard")

    @property
    def is_loopback(self) -> bool:
        """Whether the target URL names this machine (127.0.0.0/8, ::1, localhost): no portal to spare."""
        try:
            host = urlsplit(self.target).hostname
        except ValueError:
            return False
        return host is not None and (host.endswith(".localhost") or is_loopback_host(host))

    @property
    def renews_tokens(self) -> bool:
        """Whether the run has what it needs to renew an expired access token."""
        return bool(self.client_id and self.client_secret and self.refresh_token)

    @property
    def is_mock(self) -> bool:
        """Whether the target is the bundled in-process mock."""
        return self.target == "mock"

    @classmethod
    def from_values(cls, values: dict[str, str | None]) -> RunConfig:
        """Build from option values (None = not given), falling back to the environment, then defaults."""
        raw = {}
        for option in OPTIONS:
            value = values.get(option.name)
            if value is None:
                value = os.environ.get(option.env) or option.default
            if value is not None and option.choices and value not in option.choices:
                raise ConfigError(
                    f"Expected {option.cli_flag} to be one of {', '.join(option.choices)}, got {value!r}"
                )
            raw[option.name] = value
        return cls(
            target=raw["target"],
            auth=raw["auth"],
            access_token=raw["access_token"],
            second_access_token=raw["second_access_token"],
            error_placement=raw["error_placement"],
            mock_error_placement=raw["mock_error_placement"],
            mock_faults=tuple(name.strip() for name in (raw["mock_faults"] or "").split(",") if name.strip()),
            profile=PROFILES[raw["profile"]],
            seed=_integer("seed", raw["seed"]) if raw["seed"] else secrets.randbelow(2**32),
            budget=_integer("budget", raw["budget"], minimum=1)
            if raw["budget"]
            else PROFILES[raw["profile"]].budget,
            read_only=_flag(raw["read_only"]),
            batch=_flag(raw["batch"]) or PROFILES[raw["profile"]].batch,
            report_dir=Path(raw["report_dir"]) if raw["report_dir"] else None,
            timeout=_number("timeout", raw["timeout"]),
            max_answer_bytes=_integer("max_answer_bytes", raw["max_answer_bytes"], minimum=1),
            rate_limit=raw["rate_limit"],
            retry_time=_number("retry_time", raw["retry_time"], allow_zero=True)
            if raw["retry_time"]
            else None,
            client_id=raw["client_id"],
            client_secret=raw["client_secret"],
            refresh_token=raw["refresh_token"],
            oauth_server=raw["oauth_server"],
            webhook=_webhook(raw),
        )


def _flag(text: str | None) -> bool:
    return str(text).lower() in ("1", "true", "yes", "on")


def _integer(name: str, text: str, minimum: int = 0) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"Expected {OPTION[name].cli_flag} to be a whole number, got {text!r}") from None
    if value < minimum:
        raise ConfigError(f"Expected {OPTION[name].cli_flag} to be at least {minimum}, got {value}")
    return value


def _number(name: str, text: str, *, allow_zero: bool = False) -> float:
    flag = OPTION[name].cli_flag
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"Expected {flag} to be a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = "0 or more" if allow_zero else "more than 0"
        raise ConfigError(f"Expected {flag} to be {bound} seconds, got {text}")
    return value


def _webhook(raw: dict[str, str | None]) -> str | None:
    """The --webhook URL when it can stand beside the run's target; ConfigError (code masked) when not."""
    url, target, flag = raw["webhook"], raw["target"] or "", OPTION["webhook"].cli_flag
    if not url:
        return None
    if target == "mock":
        raise ConfigError(
            f"Expected {flag} only with a portal URL as the target, got the target mock, which calls its "
            f"own webhook; drop {flag}, or serve the mock (b24-conformance mock) and target its URL"
        )
    try:
        webhook = Target.parse(url, auth="webhook")
    except TargetError as exc:
        # a code given without its user id would be quoted back: every word after /rest/ but a user id
        # is masked where the message quotes it (between slashes or quotes)
        message = str(exc)
        for word in re.split(r"[/?#]", url.partition("/rest/")[2]):
            if word and not word.isdigit():
                message = re.sub(rf"(?<=[/']){re.escape(word)}(?=[/'?#])", "***", message)
        raise ConfigError(f"{flag}: {message}") from None
    try:  # a webhook takes no token: this parses only for a webhook target
        own = Target.parse(target, auth=raw["auth"])
    except TargetError:
        own = None
    if own is not None or raw["auth"] == "webhook":
        raise ConfigError(
            f"Expected {flag} only beside an OAuth target (https://HOST/rest/ and --access-token), got the "
            f"webhook target {shown_target(target)!r}, whose probes all go through a webhook already; "
            f"drop {flag}"
        )
    theirs, ours = _host(webhook.base_url), _host(target)
    if ours is not None and theirs != ours:
        raise ConfigError(
            f"Expected {flag} on the target's host {ours}, got a webhook on {theirs}; "
            "give the webhook of the portal under test"
        )
    return url


def _host(url: str) -> str | None:
    """host:port of a URL (the scheme's port when none is given), or None when it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    return f"{parts.hostname}:{port}" if parts.hostname else None
