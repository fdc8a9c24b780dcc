"""Evidence: lazily gathered facts about one lab, read through the student's own API (devices, /database/query),
MQTT (retained messages under workshop/#) and Grafana, with the credentials of the student's .env."""
from __future__ import annotations

import re
import uuid

import requests

from .api import ApiError, LabApi
from .config import Lab
from .mqtt import MqttConnectError, collect_messages, mqtt_connect


class Evidence:
    """Lazily gathered facts about one lab (each source read at most once per query)."""

    def __init__(self, lab: Lab):
        self.lab, self.api = lab, LabApi(lab)
        self._retained = self._devices = None
        self._flux, self._grafana = {}, {}
        self.errors = []

    # ---- MQTT ----------------------------------------------------------------------------------------------
    def retained(self, topic=None):
        """Retained messages under workshop/#, read until our own marker message comes back after them."""
        if self._retained is None:
            self._retained = {}
            try:
                client = mqtt_connect(self.lab, timeout=10)
            except MqttConnectError as e:
                self.errors.append(f"MQTT: {e}")
                return self._retained if topic is None else None
            marker = f"workshop/_checker/{uuid.uuid4().hex}"
            got = collect_messages(client, "workshop/#", lambda ms: any(t == marker for t, _, _ in ms), timeout=10,
                                   then=lambda: client.publish(marker, "marker", qos=1))
            client.disconnect()
            client.loop_stop()
            self._retained = {t: p for t, p, retained in got if retained}
        return self._retained if topic is None else self._retained.get(topic)

    # ---- the API's device registry ----------------------------------------------------------------------------
    def devices(self):
        if self._devices is None:
            try:
                self._devices = self.api.get("/devices/list")["devices"]
            except (ApiError, requests.RequestException, KeyError) as e:
                self.errors.append(f"API /devices/list: {e}")
                self._devices = []
        return self._devices

    # ---- InfluxDB through the API's /database/query -------------------------------------------------------------
    def flux(self, body):
        """Rows of `from(bucket) |> range(start: -30d) <body>`; [] (and a note) when the API cannot tell."""
        query = f'from(bucket: "{self.lab.influxdb_bucket}") |> range(start: -30d) {body}'
        if query not in self._flux:
            try:
                self._flux[query] = self.api.query(query)
            except (ApiError, requests.RequestException) as e:
                self.errors.append(f"API /database/query: {e}")
                self._flux[query] = []
        return self._flux[query]

    def count(self, measurement, fld="value", tags=(), extra=""):
        cond = f'r._measurement == "{measurement}" and r._field == "{fld}"' + "".join(
            f" and exists r.{t}" for t in tags) + extra
        rows = self.flux(f"|> filter(fn: (r) => {cond}) |> group() |> count()")
        return int(rows[0]["value"]) if rows else 0

    def any_row(self, measurement, fld=None):
        cond = f'r._measurement == "{measurement}"' + (f' and r._field == "{fld}"' if fld else "")
        return bool(self.flux(f"|> filter(fn: (r) => {cond}) |> limit(n: 1)"))

    def distinct(self, measurement, tag, fld="value", extra=""):
        rows = self.flux(f'|> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "{fld}"{extra}) '
                         f'|> group(columns: ["{tag}"]) |> count()')
        return sorted({str(r["tags"].get(tag)) for r in rows if r["tags"].get(tag) is not None})

    def extreme(self, fn, measurement, tags=()):
        cond = f'r._measurement == "{measurement}" and r._field == "value"' + "".join(f" and exists r.{t}" for t in tags)
        rows = self.flux(f"|> filter(fn: (r) => {cond}) |> group() |> {fn}()")
        return float(rows[0]["value"]) if rows else None

    def events(self, source, extra="", tail=""):
        return self.flux(f'|> filter(fn: (r) => r._measurement == "automation_events" and r._field == "value" '
                         f'and r.source == "{source}"{extra}) |> group() {tail}')

    # ---- Grafana ------------------------------------------------------------------------------------------------
    def grafana(self, path):
        if not self.lab.grafana_url:
            return None
        if path not in self._grafana:
            try:
                r = requests.get(self.lab.grafana_url.rstrip("/") + path, timeout=10,
                                 auth=(self.lab.grafana_user, self.lab.grafana_password))
                if r.status_code == 401:
                    self.errors.append("Grafana refused GRAFANA_USER/GRAFANA_PASSWORD")
                self._grafana[path] = r.json() if r.status_code == 200 else None
            except (requests.RequestException, ValueError) as e:
                self.errors.append(f"Grafana {path}: {e}")
                self._grafana[path] = None
        return self._grafana[path]

    def dashboards(self, tag):
        """[(title, [(panel title, [queries])])] of the dashboards with that tag, in search order."""
        out = []
        for hit in self.grafana(f"/api/search?tag={tag}&type=dash-db") or []:
            d = (self.grafana(f"/api/dashboards/uid/{hit.get('uid')}") or {}).get("dashboard") or {}
            out.append((d.get("title") or hit.get("title") or "", list(panels_of(d.get("panels") or []))))
        return out


def panels_of(panels):
    for p in panels:
        if p.get("type") == "row":
            yield from panels_of(p.get("panels") or [])
            continue
        queries = [t.get("query") for t in p.get("targets") or [] if isinstance(t.get("query"), str)
                   and t.get("query").strip()]
        yield p.get("title") or "", queries


MEASUREMENT = re.compile(r'r\._measurement\s*==\s*"([^"]+)"|r\["_measurement"\]\s*==\s*"([^"]+)"')


def named_measurements(queries):
    return [a or b for q in queries for a, b in MEASUREMENT.findall(q)]
