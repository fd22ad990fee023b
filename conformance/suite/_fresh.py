"""Fresh objects for the probes that may delete or change what they are given, made before those run.

A delete probe whose id can resolve to the object (id.existing, a padded or exponent string...) needs an
object of its own per example, as do the payloads of an update probe and each example of fields.update.
On its own that is an add, the probe, and a delete to tidy up. With --batch, the objects every selected
probe may need are made up front as the commands of batch calls, the probes take them one by one, and
the run's cleanup deletes whatever is left in batch calls too. Without --batch (and under pytest-xdist,
where a worker does not know which tests it gets), each probe makes its object and tidies it up as
before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from conformance.batch import BATCH, MAX_COMMANDS, command_exchanges
from conformance.client import batch_params
from conformance.contract import default_contract

from ._batched import RESOLVING, batched_field_classes, fresh_classes

# families whose fresh objects a probe reads before it draws (fields.update needs a table's columns)
READ_AHEAD = frozenset({"table"})


def wanted_by(items: Iterable[Any], examples: int, *, packed: bool = False) -> Counter[str]:
    """Per entity family, how many fresh objects the selected tests may take: examples per probe.

    packed: the batched tests are packed together (see _packing.py), where the payloads of fields.update
    share one table, but for those that may change it, which get one each (a pool that runs dry makes
    more on demand).
    """
    contract = default_contract()
    wanted: Counter[str] = Counter()
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        method = params.get("method")
        if method is None:
            continue
        name = getattr(item, "originalname", "")
        if name == "test_id_input_class" and method.effect == "delete":
            probes = params.get("input_class") in RESOLVING
        elif name == "test_id_classes_in_batches":
            probes = len(fresh_classes(method))
        elif name == "test_fields_classes_in_batches" and method.effect == "update":
            # the object the payloads update; fields.update: a table per example (packed: one in all), and
            # one per payload that may change it (at most one per class)
            classes = len(batched_field_classes(method))
            probes = 1
            if method.action == "fields.update":
                probes += 1 + classes if packed else (1 + classes) * examples
            wanted[contract.entity(method.entity).name] += probes
            continue
        else:
            continue
        wanted[contract.entity(method.entity).name] += probes * examples
    return wanted


class FreshObjects:
    """Objects of each entity, made on first use for every probe the run selected, handed out once each."""

    def __init__(self, session: Any, objects: Any, wanted: Counter[str]) -> None:
        self.session = session
        self.objects = objects
        self.wanted = wanted  # entity family -> how many the selected probes may take; empty: none made ahead
        self._left: dict[str, list[int]] = defaultdict(list)
        self._made: set[str] = set()
        self._read: dict[tuple[str, int], Any] = {}  # (family, id) -> the get of an object made ahead

    def take(self, entity: str) -> int:
        """A fresh object of entity's family; what the probe does not delete, the run's cleanup does."""
        family = default_contract().entity(entity).name
        keeper = self.session.keeper
        if self.wanted[family] and family not in self._made:
            self._made.add(family)
            self._left[family] = keeper.create_many(family, self.wanted[family], self.objects.own)
            if family in READ_AHEAD and keeper.batch_calls:
                self._read_ahead(family, self._left[family])
        # a pool runs dry only if Hypothesis draws more examples than max_examples said
        if self._left[family]:
            return self._left[family].pop()
        return keeper.create_disposable(family, self.objects.own)

    def read(self, entity: str, object_id: int) -> Any:
        """The exchange of entity.get for a fresh object: read ahead in batch calls, or sent now."""
        family = default_contract().entity(entity).name
        ahead = self._read.pop((family, object_id), None)
        return ahead or self.session.sender.call(f"biconnector.{family}.get", {"id": object_id})

    def _read_ahead(self, family: str, object_ids: list[int]) -> None:
        """Get each of object_ids in batch calls of 50 commands, for read() to hand out."""
        sender = self.session.sender
        for start in range(0, len(object_ids), MAX_COMMANDS):
            chunk = object_ids[start : start + MAX_COMMANDS]
            calls = {
                f"get{n}": (f"biconnector.{family}.get", {"id": object_id})
                for n, object_id in enumerate(chunk)
            }
            answers = command_exchanges(sender.call(BATCH, batch_params(calls)))
            for key, object_id in zip(calls, chunk, strict=True):
                if key in answers:
                    self._read[(family, object_id)] = answers[key]

    @contextmanager
    def one(self, entity: str) -> Iterator[int]:
        """A fresh object of entity for one example; deleted again when it ends unless made ahead."""
        family = default_contract().entity(entity).name
        fresh = self.take(family)
        try:
            yield fresh
        finally:
            if not self.wanted[family]:
                self.session.keeper.discard(family, fresh)
