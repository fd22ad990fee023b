"""Compare what the docs pages say with what schemas/ holds: methods, error codes, texts, fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from conformance.contract import Contract, ErrorCode, Method

from ._docs import NUMERIC_ZERO, DocMethod
from ._explained import KINDS, Explained
from ._schema import param_names, result_item_names

_PLACEHOLDER = re.compile(r"#[A-Z][A-Z0-9_]*#")


@dataclass(frozen=True)
class Drift:
    """One difference between a docs page and the schemas, with its listed explanation if any."""

    method: str
    kind: str
    name: str
    detail: str
    reason: str | None = None

    @property
    def explained(self) -> bool:
        """Whether explained.json gives a reason for this difference."""
        return self.reason is not None


def compare(
    docs: dict[str, DocMethod], contract: Contract, explained: Explained | None = None
) -> list[Drift]:
    """Every difference between the docs and the contract, sorted by method, kind and name."""
    drifts: list[Drift] = []
    for name in sorted(docs.keys() - contract.methods.keys()):
        drifts.append(
            Drift(name, "method-missing-in-schemas", name, "documented, but schemas/methods/ has no file")
        )
    for name in sorted(contract.methods.keys() - docs.keys()):
        drifts.append(Drift(name, "method-not-in-docs", name, "in schemas/methods/, but no docs page has it"))
    for name in sorted(docs.keys() & contract.methods.keys()):
        page, method = docs[name], contract.methods[name]
        drifts.extend(_error_drifts(page, method, contract))
        drifts.extend(_param_drifts(page, method, contract))
        drifts.extend(_result_drifts(page, method, contract))
    if explained is not None:
        drifts = [replace(d, reason=explained.reason_for(d)) for d in drifts]
    return sorted(drifts, key=lambda d: (d.method, KINDS.index(d.kind), d.name))


def _error_drifts(page: DocMethod, method: Method, contract: Contract) -> list[Drift]:
    drifts = []
    # Keyed by text: a numeric 0 code in the schemas meets the docs' "0" (their "-" or "Empty value" rows).
    ours = {str(error.code): error for error in method.error_codes}
    catalog = {str(error.code) for error in contract.module_errors.values()}
    for code, text in page.error_codes.items():
        shown = "an error without a string code (numeric 0)" if code == NUMERIC_ZERO else code
        if code in ours:
            if not same_text(text, ours[code]):
                detail = f"docs: {_quote(text)}; schemas: {_quote(ours[code].description or '')}"
                drifts.append(Drift(method.name, "description-differs", code, detail))
        elif code not in catalog and code in contract.framework_errors:
            # A framework error (root, non-200) belongs to every method through errors/framework.json.
            example = contract.framework_errors[code].description
            if not _template_matches(text, example):
                detail = f"docs: {_quote(text)}; schemas (framework example): {_quote(example)}"
                drifts.append(Drift(method.name, "description-differs", code, detail))
        else:
            where = "in errors/biconnector.json but not" if code in catalog else "not even"
            detail = f"docs list {shown} {_quote(text)}; it is {where} in the method's error list"
            drifts.append(Drift(method.name, "error-code-missing-in-schemas", code, detail))
    for code, error in ours.items():
        if code not in page.error_codes:
            detail = f"the schemas list {code} {_quote(error.description or '')}; the page does not"
            drifts.append(Drift(method.name, "error-code-not-in-docs", code, detail))
    return drifts


def same_text(documented: str, error: ErrorCode) -> bool:
    """Whether a documented description says what the schema's const or #PLACEHOLDER# template says."""
    documented = " ".join(documented.split())
    if _PLACEHOLDER.search(documented):
        # Placeholder names are the writers' choice (#TITLE# or #FIELD#); only the words around them count.
        return error.template is not None and _shape(documented) == _shape(error.template)
    return error.describes(documented)


def _quote(text: str) -> str:
    # Descriptions are full of double quotes; single ones keep them readable.
    return f"'{text}'" if '"' in text else f'"{text}"'


def _shape(template: str) -> str:
    return _PLACEHOLDER.sub("#_#", " ".join(template.split()))


def _template_matches(documented: str, example: str) -> bool:
    parts = _PLACEHOLDER.split(" ".join(documented.split()))
    return re.fullmatch(".+".join(map(re.escape, parts)), example) is not None


def _param_drifts(page: DocMethod, method: Method, contract: Contract) -> list[Drift]:
    documented, ours = set(page.params), param_names(contract, method)
    drifts = [
        Drift(
            method.name,
            "field-missing-in-schemas",
            name,
            "a parameter on the page; the params schema lacks it",
        )
        for name in sorted(documented - ours)
    ]
    drifts += [
        Drift(
            method.name, "field-not-in-docs", name, "an input of the params schema; the page does not list it"
        )
        for name in sorted(ours - documented)
    ]
    return drifts


def _result_drifts(page: DocMethod, method: Method, contract: Contract) -> list[Drift]:
    if not page.result_fields:
        return []  # the page has no table for the result item: nothing to compare
    ours = result_item_names(contract, method)
    if ours is None:
        # One difference, not one per field: the gap is the open item, whatever the page lists.
        listed = ", ".join(page.result_fields)
        detail = f"the page lists the result item's fields ({listed}); the schema leaves the item open"
        return [Drift(method.name, "field-missing-in-schemas", "result.*", detail)]
    drifts = [
        Drift(
            method.name,
            "field-missing-in-schemas",
            f"result.{name}",
            "a result field on the page; the schema lacks it",
        )
        for name in page.result_fields
        if name not in ours
    ]
    drifts += [
        Drift(
            method.name,
            "field-not-in-docs",
            f"result.{name}",
            "a property of the schema's result item; the page lacks it",
        )
        for name in ours
        if name not in page.result_fields
    ]
    return drifts
