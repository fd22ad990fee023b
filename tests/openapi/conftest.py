"""Fixtures for the OpenAPI export tests: the documents and validators into them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.contract import Contract
from conformance.openapi import build_openapi

DOCUMENT_URI = "urn:b24-conformance:openapi"


@pytest.fixture(scope="session")
def documents(contract: Contract) -> dict[str, dict[str, Any]]:
    """One exported document per error placement."""
    return {placement: build_openapi(contract, placement=placement) for placement in ("nested", "root")}


def pointer(*segments: str) -> str:
    """A JSON pointer fragment from raw segments (escaping / and ~)."""
    return "#/" + "/".join(s.replace("~", "~0").replace("/", "~1") for s in segments)


def follow(document: dict[str, Any], ref: str) -> Any:
    """The value a local $ref points at inside document."""
    if not ref.startswith("#/"):
        raise AssertionError(f"Expected a local $ref starting with #/, got {ref!r}")
    node: Any = document
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


@pytest.fixture(scope="session")
def deref() -> Callable[[dict[str, Any], str], Any]:
    """The function that follows a local $ref inside a document."""
    return follow


@pytest.fixture(scope="session")
def response_validator() -> Callable[[dict[str, Any], str, int], Draft202012Validator]:
    """A function (document, method, status) -> validator for that response's JSON body."""

    def make(document: dict[str, Any], method: str, status: int) -> Draft202012Validator:
        location = ("paths", f"/{method}", "post", "responses", str(status))
        response = follow(document, pointer(*location))
        if "$ref" in response:
            location = tuple(response["$ref"][2:].split("/"))
        return _validator(document, (*location, "content", "application/json", "schema"))

    return make


@pytest.fixture(scope="session")
def request_validator() -> Callable[[dict[str, Any], str, str], Draft202012Validator]:
    """A function (document, method, media type) -> validator for that request body."""

    def make(document: dict[str, Any], method: str, media_type: str) -> Draft202012Validator:
        location = ("paths", f"/{method}", "post", "requestBody", "content", media_type, "schema")
        return _validator(document, location)

    return make


def _validator(document: dict[str, Any], location: tuple[str, ...]) -> Draft202012Validator:
    # The schemas' local refs (#/components/...) are meant against the whole document, so the
    # document is the resource and the validator starts at the schema's place inside it.
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator({"$ref": DOCUMENT_URI + pointer(*location)}, registry=registry)
