"""Traffic recording: WSGI middleware that keeps every request a client sent and what it was answered."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request

from ..serving import WsgiApp
from ._oauth import TOKEN_PATHS
from ._request import read_call

# The token endpoint's requests are recorded under this method name.
TOKEN_METHOD = "oauth/token"
# Set by a scripted behaviour (conformance.mock Script) to say what it did to the answer.
SCRIPTED_KEY = "b24_conformance.scripted"
_CREDENTIALS = ("auth", "access_token", "client_secret", "refresh_token", "code")
REDACTED = "[redacted]"
# Parameters whose values are a source's secrets (settings in, connection in urlCheck's form).
_SECRET_KEYS = ("settings", "connection")
# Credentials and source settings written into a batch command's query string.
_IN_COMMAND = re.compile(
    r"((?:^|[?&])(?:auth|access_token|[^&=]*?(?:settings|connection)(?:\]|%5D)?(?:\[|%5B)[^&=]*)=)[^&]*",
    re.IGNORECASE,
)


@dataclass
class RecordedRequest:
    """One request as the portal saw it and the answer it sent; credentials only as fingerprints.

    auth is "token:XXXXXXXX" (a short hash of the access token), "webhook" or "none"; params are the
    request's parameters without credentials; json_body says whether they came as a JSON body (the
    only encoding that carries types); answer is the decoded JSON answer (None when not JSON);
    scripted names the scenario behaviour that changed the answer, if one did.
    """

    method: str
    params: dict[str, Any]
    auth: str
    json_body: bool
    sent_at: float
    status: int = 0
    answered_at: float = 0.0
    content_type: str = ""
    answer: Any = None
    scripted: str | None = None
    # Read back from a traffic file, which keeps the error code and reset moment, not the answer.
    recorded_error: str | None = None
    recorded_outcome: str | None = None
    recorded_reset_at: float | None = None

    @property
    def error(self) -> str | None:
        """The error code of the answer: a root error, or a module error nested in result."""
        answer = self.answer
        if not isinstance(answer, dict):
            return self.recorded_error
        if isinstance(answer.get("error"), str):
            return answer["error"]
        nested = answer.get("result")
        if isinstance(nested, dict) and isinstance(nested.get("error"), dict):
            code = nested["error"].get("error")
            return None if code is None else str(code)
        return None

    @property
    def outcome(self) -> str:
        """The answer in one word: its error code, "ok" (a JSON success), or "http-STATUS" (no JSON)."""
        if self.recorded_outcome is not None:
            return self.recorded_outcome
        if self.error is not None:
            return self.error
        return "ok" if self.answer is not None and self.status < 400 else f"http-{self.status}"

    @property
    def operating_reset_at(self) -> float | None:
        """The operating_reset_at the answer's time block announced, if it did."""
        block = self.answer.get("time") if isinstance(self.answer, dict) else None
        if isinstance(block, dict) and isinstance(block.get("operating_reset_at"), int | float):
            return float(block["operating_reset_at"])
        return self.recorded_reset_at

    def brief(self) -> str:
        """One line: method, the parameters (shortened), status and error or scripted behaviour."""
        params = json.dumps(redacted(self.params), ensure_ascii=False, sort_keys=True, default=str)
        if len(params) > 120:
            params = params[:117] + "..."
        outcome = self.error or ("ok" if self.status == 200 else "")
        scripted = f" (scripted: {self.scripted})" if self.scripted else ""
        return f"{self.method} {params} [{self.auth}] -> {self.status} {outcome}".rstrip() + scripted

    def as_json(self) -> dict[str, Any]:
        """The request as a report or a traffic file holds it: no answer body, no secret value."""
        return {
            "method": self.method,
            "params": redacted(self.params),
            "auth": self.auth,
            "json_body": self.json_body,
            "sent_at": self.sent_at,
            "status": self.status,
            "answered_at": self.answered_at,
            "outcome": self.outcome,
            "error": self.error,
            "operating_reset_at": self.operating_reset_at,
            "scripted": self.scripted,
        }

    def masked(self, text: str) -> str:
        """text (e.g. a schema message quoting a value) with this request's secret values masked."""
        for secret in sorted(secret_texts(self.params), key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RecordedRequest:
        """A request read back from as_json(); ValueError naming the field that is missing or mistyped."""
        wanted: dict[str, type | tuple[type, ...]] = {
            "method": str,
            "params": dict,
            "auth": str,
            "json_body": bool,
            "sent_at": (int, float),
            "status": int,
            "answered_at": (int, float),
        }
        for name, kind in wanted.items():
            value = data.get(name)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(f"expected field {name!r} as {_kind_name(kind)}, got {value!r:.60}")
        error, reset_at, scripted = data.get("error"), data.get("operating_reset_at"), data.get("scripted")
        outcome = data.get("outcome")
        for name, value in (("error", error), ("outcome", outcome)):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"expected field {name!r} as text or null, got {value!r:.60}")
        if reset_at is not None and (isinstance(reset_at, bool) or not isinstance(reset_at, int | float)):
            raise ValueError(f"expected field 'operating_reset_at' as a number or null, got {reset_at!r:.60}")
        return cls(
            data["method"],
            data["params"],
            data["auth"],
            data["json_body"],
            float(data["sent_at"]),
            status=data["status"],
            answered_at=float(data["answered_at"]),
            scripted=scripted if isinstance(scripted, str) else None,
            recorded_error=error,
            recorded_outcome=outcome,
            recorded_reset_at=None if reset_at is None else float(reset_at),
        )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", dict: "an object", bool: "true or false", int: "a whole number"}
    return "a number" if isinstance(kind, tuple) else names[kind]


def redacted(params: Any) -> Any:
    """params with every secret value masked: source settings and credentials in batch commands.

    A masked value keeps its JSON type (text becomes "[redacted]", a number 0), so that a judge
    reading a traffic file still sees a mistyped value as mistyped. A connector's settings (a list
    of {code, name, type} definitions) are no secret and stay as sent.
    """
    if isinstance(params, dict):
        return {key: _redacted_item(key, value) for key, value in params.items()}
    if isinstance(params, list):
        return [redacted(value) for value in params]
    return params


def _redacted_item(key: Any, value: Any) -> Any:
    if key == "cmd":
        return _command(value)
    if key not in _SECRET_KEYS:
        return redacted(value)
    if _definitions(value):
        return [{k: _masked(v) if k == "value" else v for k, v in item.items()} for item in value]
    return _masked(value)


def _definitions(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _masked(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_masked(inner) for inner in value]
    if isinstance(value, str):
        return REDACTED
    if isinstance(value, int | float) and not isinstance(value, bool):
        return type(value)(0)
    return value


def secret_texts(params: Any) -> set[str]:
    """The secret values of params (what redacted masks) as texts, those of 3 characters or more."""
    found: set[str] = set()
    if isinstance(params, dict):
        for key, value in params.items():
            if key in _SECRET_KEYS and _definitions(value):
                found |= {t for item in value for t in _leaf_texts(item.get("value"))}
            elif key in _SECRET_KEYS:
                found |= _leaf_texts(value)
            else:
                found |= secret_texts(value)
    elif isinstance(params, list):
        for value in params:
            found |= secret_texts(value)
    return found


def _leaf_texts(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {t for inner in value.values() for t in _leaf_texts(inner)}
    if isinstance(value, list):
        return {t for inner in value for t in _leaf_texts(inner)}
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        # Values shorter than 3 characters say next to nothing, and masking them would garble a text.
        return {text for text in (str(value), repr(value)) if len(text) >= 3}
    return set()


def _command(value: Any) -> Any:
    """A batch's cmd: each command's query string with credential and settings values masked."""
    if isinstance(value, dict):
        return {key: _command(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_command(inner) for inner in value]
    if isinstance(value, str):
        return _IN_COMMAND.sub(lambda match: match.group(1) + REDACTED, value)
    return redacted(value)


@dataclass
class TrafficRecorder:
    """Wraps a WSGI app (the portal, maybe behind a Script) and records each request and its answer."""

    app: WsgiApp
    requests: list[RecordedRequest] = field(default_factory=list)
    # Called with each request once its answer is complete (a traffic file's writer, for one).
    on_answer: Callable[[RecordedRequest], None] | None = None
    # False: requests are only handed to on_answer, not kept in requests (a long-serving mock).
    keep: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point: answer through the wrapped app, keeping the exchange."""
        record = _read(rewound(environ))
        if self.keep:
            with self._lock:
                self.requests.append(record)
        seen: dict[str, Any] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        chunks = list(self.app(environ, recording_start))
        record.status = int(str(seen.get("status", "0")).split()[0])
        headers = {name.lower(): value for name, value in seen.get("headers", [])}
        record.content_type = headers.get("content-type", "")
        record.scripted = environ.get(SCRIPTED_KEY)
        record.answer = _decoded(b"".join(chunks), record.content_type)
        record.answered_at = time.time()
        if self.on_answer is not None:
            self.on_answer(record)
        return chunks

    def clear(self) -> None:
        """Forget what was recorded so far."""
        with self._lock:
            self.requests.clear()

    def of(self, method: str) -> list[RecordedRequest]:
        """The recorded requests of one method (lower case, as the portal reads it)."""
        with self._lock:
            return [r for r in self.requests if r.method == method]


def rewound(environ: dict[str, Any]) -> Request:
    """A Request over environ whose body the app after it can still read (wsgi.input is put back)."""
    request = Request(environ)
    data = request.get_data(cache=True, parse_form_data=False)
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    return request


def _read(request: Request) -> RecordedRequest:
    now = time.time()
    data = request.get_data(cache=True, parse_form_data=False)
    json_body = request.mimetype == "application/json" and bool(data)
    if request.path in TOKEN_PATHS:
        params = {k: v for k, v in request.args.items() if k not in _CREDENTIALS}
        return RecordedRequest(TOKEN_METHOD, params, "none", False, now)
    call = read_call(request)
    if call is None:
        return RecordedRequest(request.path, {}, "none", False, now)
    params = {k: v for k, v in call.params.items() if k not in ("auth", "access_token")}
    if call.webhook is not None:
        auth = "webhook"
    else:
        token = call.token()
        auth = "none" if token is None else "token:" + hashlib.sha256(token.encode()).hexdigest()[:8]
    return RecordedRequest(call.method, params, auth, json_body, now)


def _decoded(body: bytes, content_type: str) -> Any:
    if "json" not in content_type:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None
