"""schemathesis.toml for `st run` over the export: checks that cannot work with HTTP-200 errors off."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class CheckSetting(NamedTuple):
    """One schemathesis check as the shipped configuration sets it, and why."""

    name: str
    enabled: bool
    reason: str


# Every built-in check of schemathesis 4 is named, so that one added later shows up as a gap in
# the test of this table rather than running unexamined.
CHECK_SETTINGS = (
    CheckSetting("not_a_server_error", True, "a 5xx is a fault on any portal"),
    CheckSetting("status_code_conformance", True, "200 and every framework error status are documented"),
    CheckSetting("content_type_conformance", True, "every documented answer is application/json"),
    CheckSetting("response_headers_conformance", True, "no response header is documented"),
    CheckSetting(
        "response_schema_conformance",
        True,
        "the 200 answer is the success envelope or a documented method error, so a refusal is checked "
        "here: its code and error_description must be documented ones",
    ),
    CheckSetting(
        "negative_data_rejection",
        False,
        "it wants a 4xx for invalid input, but the portal refuses input with HTTP 200 and the error "
        "inside result, so a status cannot tell a refusal from an acceptance",
    ),
    CheckSetting(
        "positive_data_acceptance",
        True,
        "every answer to valid input is HTTP 200 (refusals too), so it only catches a 4xx or 5xx",
    ),
    CheckSetting("missing_required_header", True, "no request header is required, so it has nothing to send"),
    CheckSetting(
        "unsupported_method",
        False,
        "the REST API serves every method over GET as well as POST, while the export lists POST only",
    ),
    CheckSetting(
        "allow_header_conformance",
        False,
        "the portal's 405 answers Allow: GET, POST, and the export lists POST only",
    ),
    CheckSetting(
        "use_after_free",
        False,
        "it calls a deleted object gone only on a 404, but the portal answers *_NOT_FOUND with HTTP 200",
    ),
    CheckSetting(
        "ensure_resource_availability",
        False,
        "it reads 'created' from any 2xx, but a refused add is HTTP 200 too",
    ),
    CheckSetting(
        "ignored_auth",
        False,
        "the token may travel in the body's auth field, which schemathesis cannot strip, so it would "
        "see authenticated answers to requests it believes anonymous",
    ),
    CheckSetting(
        "object_level_authorization",
        False,
        "it needs a second identity in the auth configuration; b24-conformance run checks isolation",
    ),
)

_HEADER = """\
# schemathesis.toml for `st run` over the document of `b24-conformance openapi --requests module`.
# The portal answers a refused call with HTTP 200 and the error inside result, so the checks that
# judge an answer by its status alone are off; each table says why. Pass the token as a header:
#   st --config-file schemathesis.toml run openapi.json --url PORTAL/rest \\
#     --header "Authorization: Bearer $B24_ACCESS_TOKEN"
# (for a webhook, --url is the webhook URL and no header is needed).
"""


def schemathesis_config() -> str:
    """The configuration text: one [checks.NAME] table per check with its reason as a comment."""
    tables = []
    for setting in CHECK_SETTINGS:
        enabled = "true" if setting.enabled else "false"
        tables.append(f"# {setting.reason}\n[checks.{setting.name}]\nenabled = {enabled}\n")
    return _HEADER + "\n" + "\n".join(tables)


def write_schemathesis_config(path: Path) -> str:
    """The configuration text, written to path."""
    text = schemathesis_config()
    Path(path).write_text(text, encoding="utf-8")
    return text
