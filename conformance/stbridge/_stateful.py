"""The stateful phase: schemathesis walks the export's add -> get/delete links through the bridge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hypothesis

from conformance.findings import ConformanceFailure

from ._config import STATEFUL_STEPS
from ._runner import hypothesis_settings

if TYPE_CHECKING:
    from ._bridge import Bridge


def state_machine(bridge: Bridge) -> type:
    """schemathesis' state machine for the export, sending and checking every step through bridge."""
    base: Any = bridge.schema.as_state_machine()

    class BridgedStateMachine(base):
        def call(self, case, **kwargs):
            return bridge.call(case, **kwargs)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            bridge.validate(case, response)

    BridgedStateMachine.__name__ = BridgedStateMachine.__qualname__ = "BridgedStateMachine"
    return BridgedStateMachine


def run_stateful(bridge: Bridge) -> ConformanceFailure | None:
    """Run the state machine for the profile's number of scenarios; the failure, or None."""
    from ._bridge import BudgetSpent

    machine = hypothesis.seed(bridge.seed)(state_machine(bridge))
    settings = hypothesis_settings(
        bridge, max_examples=max(1, bridge.examples), stateful_step_count=STATEFUL_STEPS
    )
    try:
        machine.run(settings=settings)
    except ConformanceFailure as exc:
        return exc
    except BudgetSpent:
        return None
    return None
