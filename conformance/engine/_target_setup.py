"""The run's target and client from its settings: the in-process mock or a URL, pacing, retries, renewal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..client import Client, OAuthRefresh, Pacer, RetryPolicy, Target, TargetError, shown_target
from ._mock import MockSetup
from ._runconfig import OPTION, ConfigError, RunConfig


@dataclass(frozen=True)
class OpenedTarget:
    """A target, the client that talks to it, and what the in-process mock adds."""

    target: Target
    client: Client
    portal: Any = None  # the in-process MockPortal, when the target is mock
    second_access_token: str | None = None  # another application's, for id.foreign

    def __repr__(self) -> str:
        return f"OpenedTarget(auth={self.target.auth!r}, mock={self.portal is not None})"


def open_target(config: RunConfig) -> OpenedTarget:
    """Build the target (and the in-process mock when asked for) and a client for it."""
    if config.mock_faults and not config.is_mock:
        raise ConfigError(
            f"Expected {OPTION['mock_faults'].cli_flag} only with the target mock (it plants faults in the "
            f"bundled mock), got the target {shown_target(config.target, 'given')}; drop it, or serve a "
            "faulty mock with `b24-conformance mock --fault NAME` and target that"
        )
    portal = None
    second = config.second_access_token
    if config.is_mock:
        setup, portal, app = _in_process_mock(config)
        primary, foreign = portal.applications
        target = Target.in_process(app, primary.access_token, base_url=setup.base_url)
        second = foreign.access_token
    else:
        try:
            target = Target.parse(config.target, auth=config.auth, access_token=config.access_token)
        except TargetError as exc:
            raise ConfigError(str(exc)) from None
    client = Client(
        target,
        timeout=config.timeout,
        max_answer_bytes=config.max_answer_bytes,
        **_client_options(config, target, portal),
    )
    return OpenedTarget(target, client, portal, second)


def open_webhook(config: RunConfig, opened: OpenedTarget) -> Client | None:
    """A client for the target's webhook beside the run's own, or None when the run has no webhook.

    The in-process mock brings its own; a URL target has the one --webhook names. The webhook calls the
    same portal, so it shares the run client's pacer (one bucket) and retry policy.
    """
    run = opened.client
    if opened.portal is not None:
        target = opened.target.webhook_at(opened.portal.webhook_path)
    elif config.webhook and opened.target.auth == "oauth":
        try:  # RunConfig checked it already
            target = Target.webhook(config.webhook, OPTION["webhook"].cli_flag)
        except TargetError as exc:
            raise ConfigError(str(exc)) from None
    else:
        return None
    return Client(
        target,
        timeout=run.timeout,
        max_answer_bytes=run.max_answer_bytes,
        pacer=run.pacer,
        retry=run.retry,
    )


def _in_process_mock(config: RunConfig) -> tuple[MockSetup, Any, Any]:
    try:
        setup = MockSetup.of_run(config)
        return (setup, *setup.build())
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _client_options(config: RunConfig, target: Target, portal: Any) -> dict[str, Any]:
    """Pacing, retries and token renewal for the run's client (none of them for the plain mock)."""
    options: dict[str, Any] = {}
    if config.pacing != "off":
        options["pacer"] = Pacer.plan(config.pacing, seed=config.seed)  # its jitter repeats with the run
    retrying = not config.is_mock or config.pacing != "off"
    if retrying and config.retry_time != 0:
        # 503 and 429 are the portal protecting itself, not findings: wait and send again, within bounds
        bound = {} if config.retry_time is None else {"max_total_s": config.retry_time}
        options["retry"] = RetryPolicy(seed=config.seed, **bound)
    if config.renews_tokens:
        # the in-process mock serves its token endpoint next to /rest/
        mock_server = target.base_url.removesuffix("rest/") + "oauth/token/" if portal is not None else None
        server = config.oauth_server or mock_server
        extra = {"server_url": server} if server else {}
        options["oauth"] = OAuthRefresh(
            config.client_id, config.client_secret, config.refresh_token, app=portal, **extra
        )
    return options
