"""replay: send the requests of a summary's fail findings again and say which findings still fail.

A finding's reproduce line is redacted, so each request is rebuilt from the line's method, encoding and
parameters and sent with the given client's current credentials; the checks then run again on the
answer. A finding still fails when its check fires again with severity fail. When no HTTP answer comes
at all, only transport findings are judged; the others are not replayed.

A batch line (run --batch) is sent again as a batch. Its batch and transport findings are about the whole
call; any other finding's line is a batch of the one command it is about, judged by the command checks
(all but http-status) on that command's answer, and it still fails when the batch answers no command.
Every command of a batch must call one contract method: the one the checks and the read-only rule
apply to. What a batched add makes is deleted as a plain add's is.

A line the run sent through the portal's webhook (the auth.webhook probes: /rest/USER/***/method) goes
through the webhook client given, never with the token; without one its findings are not replayed.

The lines of a run against the bundled mock name http://127.0.0.1:8000/rest/, where its summary's
serve_mock command serves the same mock; `b24-conformance replay SUMMARY` (target mock) rebuilds that
mock in-process from the summary's seed, faults and error placement.
"""

from ._curl import CurlCall, CurlError, parse_curl, parse_form
from ._replay import REPLAYABLE, ReplayError, load_summary, replay

__all__ = [
    "REPLAYABLE",
    "CurlCall",
    "CurlError",
    "ReplayError",
    "load_summary",
    "parse_curl",
    "parse_form",
    "replay",
]
