"""The lab REST API with your token: `LabApi(lab).get("/devices/list")`."""
from __future__ import annotations

import requests

from .config import Lab


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class LabApi:
    """A requests.Session that sends `Authorization: Bearer <API_TOKEN>` to FLASK_API_URL.

    get/post/put/delete return the decoded JSON; an error status raises ApiError with the API's
    {"error": "..."} message.
    """

    def __init__(self, lab: Lab, timeout: float = 10):
        self.base = lab.api_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        if lab.api_token:
            self.session.headers["Authorization"] = f"Bearer {lab.api_token}"

    def request(self, method: str, path: str, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        response = self.session.request(method, self.base + path, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {"error": response.text[:200]}
        if response.status_code >= 400:
            message = body.get("error") if isinstance(body, dict) else None
            raise ApiError(response.status_code, message or response.reason)
        return body

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def query(self, flux: str) -> list[dict]:
        """POST /database/query: rows {time, measurement, field, value, tags}."""
        return self.post("/database/query", json={"query": flux})["results"]
