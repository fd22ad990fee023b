"""The answer cap as a run setting: parsed like the others and handed to the run's client."""

from __future__ import annotations

import pytest

from conformance.engine._runconfig import ConfigError, RunConfig
from conformance.engine._target_setup import open_target


def test_the_cap_defaults_to_a_few_mebibytes_and_reaches_the_client():
    config = RunConfig.from_values({"target": "http://127.0.0.1:9/rest/", "access_token": "t"})
    opened = open_target(config)
    with opened.client:
        assert config.max_answer_bytes == 8 * 1024 * 1024
        assert opened.client.max_answer_bytes == config.max_answer_bytes


def test_the_cap_given_as_an_option_or_in_the_environment(monkeypatch):
    assert RunConfig.from_values({"max_answer_bytes": "4096"}).max_answer_bytes == 4096
    monkeypatch.setenv("B24_MAX_ANSWER_BYTES", "2048")
    config = RunConfig.from_values({"target": "http://127.0.0.1:9/rest/", "access_token": "t"})
    opened = open_target(config)
    with opened.client:
        assert opened.client.max_answer_bytes == 2048


@pytest.mark.parametrize("text", ["0", "-1", "8MB"])
def test_a_cap_that_is_not_a_positive_whole_number_is_refused(text):
    with pytest.raises(ConfigError, match=r"max-answer-bytes to be (a whole number|at least 1), got"):
        RunConfig.from_values({"max_answer_bytes": text})
