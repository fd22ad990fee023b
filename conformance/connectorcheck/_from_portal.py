"""A connector's URLs and a source's settings, read from the portal they are registered on."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._play import ConnectorUrls

_URL_FIELDS = ("urlCheck", "urlTableList", "urlTableDescription", "urlData")


class PortalReadError(ValueError):
    """The portal did not give what was asked: unreachable, refused, or an answer of another shape."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class PortalReader:
    """Reads biconnector.connector.get and biconnector.source.get with the application's token.

    Not through the suite's client: that one masks a source's setting values in every answer, and
    here they are the point. They stay in memory and go out only as connection[...] to the connector.
    """

    def __init__(
        self,
        base_url: str,
        access_token: str | None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self.base_url = base_url
        self._token = access_token
        self._http = httpx.Client(transport=transport, timeout=timeout_s, trust_env=False)

    def close(self) -> None:
        """Close the client's connections."""
        self._http.close()

    def __enter__(self) -> PortalReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connector_urls(self, connector_id: int) -> ConnectorUrls:
        """The four URLs of connector connector_id."""
        item = self._item("biconnector.connector.get", connector_id)
        missing = [f for f in _URL_FIELDS if not isinstance(item.get(f), str) or not item.get(f)]
        if missing:
            raise PortalReadError(f"Expected connector {connector_id} to have {', '.join(missing)}, got none")
        return ConnectorUrls(*(str(item[f]) for f in _URL_FIELDS))

    def source(self, source_id: int) -> tuple[int, dict[str, str]]:
        """The connector id and the settings {code: value} of source source_id."""
        item = self._item("biconnector.source.get", source_id)
        settings = item.get("settings")
        if not isinstance(settings, list) or not all(isinstance(s, dict) and "code" in s for s in settings):
            raise PortalReadError(
                f"Expected source {source_id} to have settings [{{code, value}}], got another shape"
            )
        try:
            connector = int(item.get("connectorId"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise PortalReadError(f"Expected source {source_id} to name its connectorId, got none") from None
        return connector, {
            str(s["code"]): "" if s.get("value") is None else str(s["value"]) for s in settings
        }

    def _item(self, method: str, id_: int) -> dict[str, Any]:
        payload = {"id": id_, **({"auth": self._token} if self._token else {})}
        try:
            answer = self._http.post(self.base_url + method, json=payload)
        except httpx.HTTPError as exc:
            raise PortalReadError(
                f"Expected the portal to answer {method}, got {type(exc).__name__}", unreachable=True
            ) from None
        try:
            body = json.loads(answer.content)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise PortalReadError(
                f"Expected a JSON answer to {method}, got HTTP {answer.status_code} "
                f"{answer.headers.get('content-type', '')}".rstrip()
            )
        result = body.get("result")
        error = body.get("error") or (result.get("error") if isinstance(result, dict) else None)
        if error or answer.status_code != 200:
            description = body.get("error_description") or (
                result.get("error_description") if isinstance(result, dict) else ""
            )
            raise PortalReadError(
                f"Expected {method} of id {id_} to succeed, got HTTP {answer.status_code} "
                f"{error or ''} {description or ''}".rstrip()
            )
        item = result.get("item") if isinstance(result, dict) else None
        if not isinstance(item, dict):
            raise PortalReadError(f"Expected {method} to answer result.item, got another shape")
        return item
