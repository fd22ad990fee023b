"""A seeded mock: the same seed gives the same credentials, and MockSetup names the command serving it."""

from __future__ import annotations

import shlex

import pytest

from conformance.cli import _parser, main
from conformance.engine import MockSetup
from conformance.mock import MockConfig, MockPortal


def credentials(portal: MockPortal) -> tuple:
    """Every secret a portal draws when it starts."""
    drawn = tuple(
        (app.client_id, app.access_token, app.client_secret, app.refresh_token) for app in portal.applications
    )
    return (*drawn, portal.member_id, portal.webhook_path)


def test_one_seed_gives_one_set_of_credentials_and_another_seed_another():
    first, again = MockPortal(MockConfig(seed=7)), MockPortal(MockConfig(seed=7))
    other = MockPortal(MockConfig(seed=8))
    assert credentials(first) == credentials(again)
    assert not set(credentials(first)) & set(credentials(other))
    primary, foreign = first.applications
    assert primary.access_token != foreign.access_token and primary.client_id != foreign.client_id
    assert primary.client_id.startswith("local.") and len(primary.access_token) == 32


def test_without_a_seed_every_portal_draws_fresh_credentials():
    assert not set(credentials(MockPortal())) & set(credentials(MockPortal()))


def test_credentials_given_outright_win_over_the_seed():
    portal = MockPortal(MockConfig(seed=7, access_token="mine", webhook_code="hook"))
    seeded = MockPortal(MockConfig(seed=7))
    assert portal.applications[0].access_token == "mine" and portal.webhook_path == "/rest/1/hook/"
    # the rest still follows the seed
    assert portal.applications[1].access_token == seeded.applications[1].access_token
    assert portal.member_id == seeded.member_id


@pytest.mark.parametrize("seed", [-1, True, "7", 1.5])
def test_a_seed_that_is_no_whole_number_is_refused(seed):
    with pytest.raises(ValueError, match=r"Expected seed to be None or a whole number >= 0, got"):
        MockConfig(seed=seed)


@pytest.mark.parametrize(
    ("setup", "command"),
    [
        (MockSetup(7), "b24-conformance mock --port 8000 --seed 7"),
        (
            MockSetup(0, ("not-found-http-404", "time-missing"), "root"),
            "b24-conformance mock --port 8000 --seed 0 --error-placement root"
            " --fault not-found-http-404 --fault time-missing",
        ),
        (MockSetup(), "b24-conformance mock --port 8000"),
    ],
)
def test_the_command_serves_the_setup_at_the_address_requests_name(setup, command):
    assert setup.command() == command
    assert setup.base_url == "http://127.0.0.1:8000/rest/"


def test_the_command_parses_back_as_the_mock_command_with_the_same_options():
    words = shlex.split(MockSetup(3, ("time-missing",), "root").command())
    args = _parser().parse_args(words[1:])
    options = (args.command, args.seed, args.fault, args.error_placement, args.port)
    assert options == ("mock", 3, ["time-missing"], "root", 8000)


def test_setup_from_a_summary_reads_the_run_mock():
    summary = {"target": "mock", "seed": 5, "mock_faults": ["time-missing"], "mock_error_placement": "root"}
    assert MockSetup.from_summary(summary) == MockSetup(5, ("time-missing",), "root")
    # a summary written before the mock's placement was recorded: the default
    assert MockSetup.from_summary({"target": "mock", "seed": 5}) == MockSetup(5)


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ({"target": "https://example.invalid/rest/", "seed": 1}, "target mock"),
        ({"target": "mock", "seed": -4}, "seed"),
        ({"target": "mock", "seed": 1, "mock_faults": "time-missing"}, "list of fault names"),
        ({"target": "mock", "seed": 1, "mock_error_placement": "side"}, "'nested' or 'root'"),
    ],
)
def test_a_summary_without_a_usable_mock_says_what_was_expected(summary, message):
    with pytest.raises(ValueError, match=message):
        MockSetup.from_summary(summary)


def test_an_unknown_fault_is_refused_when_the_mock_is_built():
    with pytest.raises(ValueError, match="no-such-fault"):
        MockSetup(1, ("no-such-fault",)).build()


@pytest.mark.parametrize("seed", ["-1", "seven"])
def test_mock_refuses_a_bad_seed_in_one_line(capsys, seed):
    with pytest.raises(SystemExit) as stopped:
        main(["mock", "--seed", seed])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.count("\n") == 1 and "expected a whole number >= 0" in err and "Traceback" not in err


def test_mock_refuses_a_seed_on_an_address_beyond_this_machine(capsys):
    assert main(["mock", "--seed", "1", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Expected --seed only with a loopback --host" in err
