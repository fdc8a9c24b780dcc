"""Module 6 - a Grafana dashboard and an alert rule, made through Grafana's HTTP API (reference solution of
exercises/module06/grafana_dashboard.py).

    python solutions/module06/grafana_dashboard.py
The panels use the lab's provisioned InfluxDB datasource (uid iotlab-influxdb) and Flux with
aggregateWindow() and group(). Tag the dashboard "workshop" so your instructor's checker finds it.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import load_lab  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

DATASOURCE = {"type": "influxdb", "uid": "iotlab-influxdb"}


def temperature_flux(bucket, every="1m"):
    return f'''from(bucket: "{bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "temperature" and r._field == "value")
  |> aggregateWindow(every: {every}, fn: mean, createEmpty: false)'''


def max_per_room_flux(bucket):
    """group() by location merges the rooms' series; max() then gives one value per room."""
    return f'''from(bucket: "{bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "temperature" and r._field == "value")
  |> group(columns: ["location"])
  |> max()'''


def energy_flux(bucket):
    return f'''from(bucket: "{bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "energy" and r._field == "value")
  |> aggregateWindow(every: 1m, fn: mean, createEmpty: false)'''


def panel(pid, title, flux, kind="timeseries", x=0, y=0, unit=None):
    p = {"id": pid, "type": kind, "title": title, "datasource": DATASOURCE,
         "gridPos": {"x": x, "y": y, "w": 12, "h": 8},
         "targets": [{"refId": "A", "datasource": DATASOURCE, "query": flux}]}
    if unit:
        p["fieldConfig"] = {"defaults": {"unit": unit}, "overrides": []}
    return p


def build_dashboard(bucket, uid="workshop-module06", title="Workshop - my house", tags=("workshop",)):
    return {"uid": uid, "title": title, "tags": list(tags), "timezone": "browser", "refresh": "10s",
            "time": {"from": "now-1h", "to": "now"}, "schemaVersion": 39,
            "panels": [panel(1, "Temperature (1 min mean)", temperature_flux(bucket), unit="celsius"),
                       panel(2, "Warmest per room", max_per_room_flux(bucket), "bargauge", x=12, unit="celsius"),
                       panel(3, "House power", energy_flux(bucket), y=8, unit="watt")]}


def build_alert(bucket, threshold=26.0, folder_uid="workshop", uid="workshop-too-warm", title="Room too warm",
                labels=None):
    """Grafana-managed alert: fires when any room's 5 min mean temperature is above `threshold`."""
    flux = f'''from(bucket: "{bucket}")
  |> range(start: -5m)
  |> filter(fn: (r) => r._measurement == "temperature" and r._field == "value")
  |> mean()'''
    return {"uid": uid, "title": title, "folderUID": folder_uid, "ruleGroup": "workshop",
            "condition": "C", "for": "2m", "noDataState": "OK", "execErrState": "Error",
            "labels": labels or {"workshop": "module06"}, "annotations": {"summary": f"A room is above {threshold} °C"},
            "data": [
                {"refId": "A", "datasourceUid": DATASOURCE["uid"], "relativeTimeRange": {"from": 300, "to": 0},
                 "model": {"refId": "A", "query": flux}},
                {"refId": "C", "datasourceUid": "__expr__", "relativeTimeRange": {"from": 0, "to": 0},
                 "model": {"refId": "C", "type": "threshold", "expression": "A",
                           "conditions": [{"evaluator": {"type": "gt", "params": [threshold]}}]}}]}


def publish(lab, dashboard=None, alert=None):
    """Creates (or overwrites) the dashboard, then the alert rule; returns their address and uid."""
    if not lab.grafana_url:
        raise SystemExit("GRAFANA_URL is not in your .env: copy it from the handout")
    auth = (lab.grafana_user, lab.grafana_password)
    url = lab.grafana_url.rstrip("/")
    dashboard = dashboard or build_dashboard(lab.influxdb_bucket)
    r = requests.post(f"{url}/api/dashboards/db", json={"dashboard": dashboard, "overwrite": True}, auth=auth, timeout=10)
    if r.status_code == 401:
        raise SystemExit("Grafana refused GRAFANA_USER/GRAFANA_PASSWORD")
    r.raise_for_status()
    result = {"dashboard": url + r.json()["url"]}
    if alert is not False:
        rule = alert or build_alert(lab.influxdb_bucket)
        folder = rule["folderUID"]   # alert rules live in a folder: make it once (Grafana refuses a missing one)
        if requests.get(f"{url}/api/folders/{folder}", auth=auth, timeout=10).status_code == 404:
            requests.post(f"{url}/api/folders", json={"uid": folder, "title": folder.capitalize()}, auth=auth,
                          timeout=10).raise_for_status()
        rules = f"{url}/api/v1/provisioning/alert-rules"
        exists = requests.get(f"{rules}/{rule['uid']}", auth=auth, timeout=10).status_code == 200
        a = (requests.put(f"{rules}/{rule['uid']}", json=rule, auth=auth, headers={"X-Disable-Provenance": "true"},
                          timeout=10) if exists else
             requests.post(rules, json=rule, auth=auth, headers={"X-Disable-Provenance": "true"}, timeout=10))
        a.raise_for_status()
        result["alert"] = a.json()["uid"]
    return result


def main(argv=None):
    result = publish(load_lab())
    print("dashboard:", result["dashboard"])
    print("alert rule:", result.get("alert"))
    return 0


if __name__ == "__main__":
    run(main)
