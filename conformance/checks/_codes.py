"""The error-code and error-description checks: a documented code, the expected one, and its text."""

from __future__ import annotations

from conformance.contract import ErrorCode
from conformance.exchange import Exchange
from conformance.findings import Finding
from conformance.outcome import Expectation, Outcome

from ._classify import error_body, error_code_of, error_family, observed_outcome
from ._context import CheckContext, report
from ._registry import check
from ._shape import readable


@check(severities=("fail", "warn"))
def error_code(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """The error code must be documented for the method or be a framework code, and match the oracle."""
    if readable(ctx.contract, exchange.response) is None:
        return []
    observed = observed_outcome(exchange.response)
    if observed is None:
        return []
    verdict = ctx.expectation.verdict(observed) if ctx.expectation else None
    findings = []
    undocumented = not observed.is_success and not _allowed(ctx, observed.code)
    if undocumented and verdict != "fail":
        documented = ", ".join(error.code for error in ctx.method.error_codes)
        findings.append(
            report(
                exchange,
                ctx,
                "error-code",
                f"Error code {observed.code} is not documented for {ctx.method.name}",
                expected=f"one of {documented}, or a framework code",
                observed=observed.code,
            )
        )
    if verdict == "warn":
        expectation = ctx.expectation
        message = (
            f"The target follows the module's semantics ({expectation.module}) "
            f"where the documented ones differ ({expectation.documented})"
        )
        findings.append(
            report(
                exchange,
                ctx,
                "error-code",
                message,
                expected=_expected_text(expectation),
                observed=str(observed),
                severity="warn",
            )
        )
    elif verdict == "fail":
        message = _mismatch(ctx.expectation.documented, observed)
        if undocumented:
            message += f" ({observed.code} is not documented for {ctx.method.name})"
        findings.append(
            report(
                exchange,
                ctx,
                "error-code",
                message,
                expected=_expected_text(ctx.expectation),
                observed=str(observed),
            )
        )
    return findings


@check
def error_description(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """An error's error_description must be its documented text, or the exact text the oracle knows."""
    # The oracle's text comes first: it is exact where the catalog may hold a #PLACEHOLDER# template,
    # and it covers framework errors too.
    response = exchange.response
    if readable(ctx.contract, response) is None:
        return []
    exact = _exact_text_finding(exchange, ctx)
    if exact is not None:
        return [exact]
    if error_family(ctx.contract, response) != "module":
        return []
    code = error_code_of(response)
    entry = _catalog_entry(ctx, code)
    text = error_body(response)["error_description"]
    if entry is None or entry.describes(text):
        return []
    return [
        report(
            exchange,
            ctx,
            "error-description",
            f"error_description of {code} is not the documented text",
            expected=repr(entry.description),  # a varying text's description is its #PLACEHOLDER# template
            observed=repr(text),
        )
    ]


def _exact_text_finding(exchange: Exchange, ctx: CheckContext) -> Finding | None:
    expected = ctx.expectation.module if ctx.expectation is not None else None
    if expected is None or expected.description is None or observed_outcome(exchange.response) != expected:
        return None
    text = error_body(exchange.response)["error_description"]
    if expected.describes(text):
        return None
    return report(
        exchange,
        ctx,
        "error-description",
        f"error_description of {expected} is not the text the module gives this call",
        expected=repr(expected.description),
        observed=repr(text),
    )


def _allowed(ctx: CheckContext, code: str) -> bool:
    return ctx.method.documents(code) or code in ctx.contract.framework_errors


def _catalog_entry(ctx: CheckContext, code: str) -> ErrorCode | None:
    # the method's own entry first: the catalog and the method agree today, but the method is the contract
    if ctx.method.documents(code):
        return ctx.method.error(code)
    return ctx.contract.module_errors.get(code)


def _expected_text(expectation: Expectation) -> str:
    if expectation.diverges:
        return f"{expectation.documented} (the module answers {expectation.module})"
    return str(expectation.documented)


def _mismatch(documented: Outcome, observed: Outcome) -> str:
    if documented.is_success:
        return f"Expected success, got error {observed.code}"
    if observed.is_success:
        return f"Expected error {documented.code}, got success"
    return f"Expected error {documented.code}, got {observed.code}"
