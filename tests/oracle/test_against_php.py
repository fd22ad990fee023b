"""module_id held against PHP itself, over generated values, where a php binary is on PATH."""

import json
import shutil
import subprocess
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import MISSING, IdFacts, ids
from conformance.oracle import module_id

PHP = shutil.which("php")
pytestmark = pytest.mark.skipif(
    PHP is None,
    reason="no php binary on PATH: module_id is held against PHP itself only where PHP 8 CLI is installed",
)

# The rule of FACTS section 2, after the decoding the REST server does (json_decode or parse_str).
SCRIPT = r"""
$mode = $argv[1];
while (($line = fgets(STDIN)) !== false) {
    $line = rtrim($line, "\n");
    if ($mode === 'json') { $params = json_decode($line, true); } else { parse_str($line, $params); }
    if (!is_array($params) || !array_key_exists('id', $params)) { echo "missing\n"; continue; }
    $id = $params['id'];
    echo (!is_numeric($id) || (int)$id <= 0) ? "invalid" : (int)$id, "\n";
}
"""

_NEAR_NUMBERS = st.text(st.sampled_from("0123456789+-.eE \t\n\r\x0b\x0c_xa\u00a0"), max_size=12)
STRINGS = st.one_of(
    _NEAR_NUMBERS,
    st.from_regex(r"[ \t]?[+-]?[0-9]{0,22}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?[ \n]?", fullmatch=True),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([2**63 - 1, 2**63, 2**64, -(2**63), -(2**63) - 1, 99999999999999999999, 2.0**63, -0.0]),
)
FACTS = IdFacts(existing=17, unknown=987654)
METHOD = default_contract().method("biconnector.connector.get")


def _php_says(mode: str, lines: list[str]) -> list[object]:
    run = subprocess.run(
        [PHP, "-d", "display_errors=stderr", "-r", SCRIPT, mode],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return [int(word) if word.lstrip("-").isdigit() else word for word in run.stdout.splitlines()]


def _ours(value, encoding):
    resolved = module_id(value, encoding)
    return "invalid" if resolved is None else resolved


def _json_line(value) -> str:
    return "{}" if value is MISSING else json.dumps({"id": value})


def _form_line(value) -> str:
    if value is MISSING:
        return ""
    if isinstance(value, str):
        return "id=" + quote(value, safe="")
    pairs = value.items() if isinstance(value, dict) else (("", item) for item in value)
    return "&".join(f"id[{quote(key, safe='')}]={quote(item, safe='')}" for key, item in pairs)


def _compare(encoding, values):
    line = _json_line if encoding == "json" else _form_line
    theirs = _php_says("json" if encoding == "json" else "form", [line(v) for v in values])
    ours = [_ours(v, encoding) for v in values]
    mismatches = [(v, o, t) for v, o, t in zip(values, ours, theirs, strict=True) if o != t]
    assert not mismatches, "value, module_id, PHP: " + "; ".join(map(repr, mismatches))


def test_php_is_8_on_64_bits():
    run = subprocess.run(
        [PHP, "-r", "echo PHP_MAJOR_VERSION, ' ', PHP_INT_SIZE;"], capture_output=True, text=True
    )
    major, size = run.stdout.split()
    assert int(major) >= 8 and size == "8", f"Expected PHP >= 8 on 64 bits, got {run.stdout!r}"


_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(st.one_of(STRINGS, NUMBERS, st.none(), st.booleans()), min_size=1, max_size=60))
def test_module_id_agrees_with_php_on_json_bodies(values):
    _compare("json", values)


@_SETTINGS
@given(st.lists(st.one_of(STRINGS, st.lists(STRINGS, min_size=1, max_size=2)), min_size=1, max_size=60))
def test_module_id_agrees_with_php_on_form_bodies(values):
    _compare("form", values)


@_SETTINGS
@given(st.data())
def test_module_id_agrees_with_php_on_every_input_class(data):
    for encoding in ("json", "form"):
        cases = data.draw(st.lists(ids(METHOD, facts=FACTS, encoding=encoding), min_size=20, max_size=40))
        _compare(encoding, [case.value for case in cases])
