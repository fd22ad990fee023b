"""Run settings from options, environment and defaults."""

from __future__ import annotations

import pytest

from conformance.engine import OPTION, PROFILES, ConfigError, RunConfig


def test_defaults_are_the_mock_nested_standard(monkeypatch):
    for name in ("B24_TARGET", "B24_PROFILE", "B24_SEED", "B24_ERROR_PLACEMENT", "B24_MOCK_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    config = RunConfig.from_values({})
    assert config.is_mock
    assert config.error_placement == "nested"
    assert config.profile is PROFILES["standard"]
    assert 0 <= config.seed < 2**32
    assert config.mock_faults == ()


def test_options_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("B24_PROFILE", "deep")
    monkeypatch.setenv("B24_SEED", "5")
    config = RunConfig.from_values({"profile": "quick"})
    assert config.profile.name == "quick"
    assert config.seed == 5


def test_faults_are_split_on_commas():
    config = RunConfig.from_values({"mock_faults": "no-time, wrong-code,"})
    assert config.mock_faults == ("no-time", "wrong-code")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"profile": "fast"}, "Expected --profile to be one of quick, gate, standard, deep, got 'fast'"),
        ({"seed": "x"}, "Expected --seed to be a whole number, got 'x'"),
        ({"budget": "0"}, "Expected --budget to be at least 1, got 0"),
        ({"timeout": "-1"}, "Expected --timeout to be more than 0 seconds"),
        ({"retry_time": "-3"}, "Expected --retry-time to be 0 or more seconds, got -3"),
    ],
)
def test_bad_values_say_what_was_expected(values, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        RunConfig.from_values(values)


def test_quick_does_not_shrink_and_the_others_do():
    assert not PROFILES["quick"].shrink
    assert PROFILES["standard"].shrink and PROFILES["deep"].shrink


def test_the_settings_repr_shows_no_secret():
    config = RunConfig.from_values(
        {
            "access_token": "tok-1a2b3c",
            "second_access_token": "tok-4d5e6f",
            "client_secret": "sec-7a8b9c",
            "refresh_token": "ref-0d1e2f",
        }
    )
    shown = repr(config)
    assert not [
        secret for secret in ("tok-1a2b3c", "tok-4d5e6f", "sec-7a8b9c", "ref-0d1e2f") if secret in shown
    ]
    assert config.access_token == "tok-1a2b3c"


def test_retry_time_zero_is_accepted_as_never_retry():
    assert RunConfig.from_values({"retry_time": "0"}).retry_time == 0


@pytest.mark.parametrize(
    ("target", "pacing"),
    [
        ("mock", "off"),
        ("http://127.0.0.1:8000/rest/", "off"),
        ("http://127.1.2.3:8000/rest/", "off"),
        ("http://[::1]:8000/rest/", "off"),
        ("http://localhost:8000/rest/", "off"),
        ("https://portal.example/rest/", "standard"),
        ("http://10.0.0.1/rest/", "standard"),
    ],
)
def test_a_loopback_target_is_not_paced_unless_asked(target, pacing):
    assert RunConfig.from_values({"target": target}).pacing == pacing
    assert RunConfig.from_values({"target": target, "rate_limit": "enterprise"}).pacing == "enterprise"


def test_the_mock_fault_option_is_named_as_the_cli_spells_it():
    assert OPTION["mock_faults"].cli_flag == "--mock-fault"
    assert OPTION["mock_faults"].flag == "--b24-mock-faults"


def test_the_gate_profile_sends_batch_calls_and_its_spot_probes_to_one_get():
    gate, quick = (RunConfig.from_values({"profile": name}) for name in ("gate", "quick"))
    assert (gate.batch, quick.batch) == (True, False)
    assert gate.budget == 600 and not gate.profile.schemathesis and gate.profile.lifecycles == 0
    assert gate.profile.spot_methods == ("biconnector.connector.get",) and quick.profile.spot_methods is None
