"""The batch method's wire format: which commands a batch request sent, and each one's answer in the reply."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .exchange import Exchange, Request, Response, json_bytes

BATCH = "batch"
MAX_COMMANDS = 50  # the portal answers ERROR_BATCH_LENGTH_EXCEEDED for every command past the 50th
RESULT_MAPS = ("result", "result_error", "result_total", "result_next", "result_time")


def sent_keys(request: Request) -> tuple[str, ...]:
    """The command keys of a batch request, in the order sent (a JSON list of commands is keyed 0..n-1)."""
    return tuple(_commands(request.params))


def halts(request: Request) -> bool:
    """Whether a batch request asked the portal to stop at the first command that fails (halt)."""
    params = request.params if isinstance(request.params, Mapping) else {}
    # PHP reads halt as a boolean: 0, "0", "", false and an absent halt run every command.
    return params.get("halt") not in (None, 0, "0", "", False)


def result_map(body: Any, name: str) -> dict[str, Any]:
    """result.<name> of a batch answer keyed by command key ({} when absent; a JSON list is keyed 0..n-1)."""
    result = body.get("result") if isinstance(body, dict) else None
    found = result.get(name) if isinstance(result, dict) else None
    if isinstance(found, dict):
        return {str(key): value for key, value in found.items()}
    if isinstance(found, list):
        return {str(index): value for index, value in enumerate(found)}
    return {}


def command_exchanges(exchange: Exchange) -> dict[str, Exchange]:
    """Each command's answer, as the envelope the same call on its own would have had.

    A command answered in result becomes {"result", "time"} (with total and next when the batch gives
    them); one answered in result_error becomes that {"error", "error_description"}. Both keep the
    batch's HTTP status and content type: a command has none of its own. A key answered nowhere is
    left out (the batch check reports it). Each exchange's request is a batch of that command alone,
    so its reproduce line sends the command the way the run sent it.
    """
    body = exchange.response.json if exchange.response.is_json else None
    maps = {name: result_map(body, name) for name in RESULT_MAPS}
    sent = _sent_json(exchange.request)
    answers = {}
    for key in sent_keys(exchange.request):
        if key in maps["result"]:
            envelope = {"result": maps["result"][key]}
            for name, field in (("result_time", "time"), ("result_total", "total"), ("result_next", "next")):
                if key in maps[name]:
                    envelope[field] = maps[name][key]
        elif key in maps["result_error"]:
            envelope = maps["result_error"][key]
        else:
            continue
        response = Response.from_bytes(
            exchange.response.status,
            exchange.response.content_type,
            json_bytes(envelope),
            exchange.response.elapsed_s,
        )
        answers[key] = Exchange(_alone(exchange.request, sent, key), response, exchange.attempts)
    return answers


def _sent_json(request: Request) -> Any:
    """The JSON body a batch request sent, parsed; None when it was not sent as JSON or does not parse."""
    if request.encoding != "json":
        return None  # only JSON bodies are rewritten; the URL stays as sent
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _alone(request: Request, sent: Any, key: str) -> Request:
    """The batch request with only the command under key left in it, named after the command's method.

    sent is the request's JSON body as _sent_json parsed it; it is read, never changed.
    """
    params = dict(request.params)
    params["cmd"] = {key: _commands(request.params)[key]}
    method = str(params["cmd"][key]).partition("?")[0]
    request = replace(request, method=method, params=params)
    commands = _commands(sent)
    if key not in commands:
        return request
    return replace(request, body=json_bytes({**sent, "cmd": {key: commands[key]}}))


def _commands(params: Any) -> dict[str, Any]:
    """cmd of a batch request's parameters keyed by command key: a JSON list is keyed "0".."n-1"."""
    commands = params.get("cmd") if isinstance(params, Mapping) else None
    if isinstance(commands, Mapping):
        return {str(key): value for key, value in commands.items()}
    if isinstance(commands, list):
        return {str(index): value for index, value in enumerate(commands)}
    return {}
