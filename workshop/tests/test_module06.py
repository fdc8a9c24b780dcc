"""Module 6 visualisation. Grafana is a CONTRACT DOUBLE (tests/web_doubles.py); every panel's Flux is run with the
real influxdb-client against the InfluxDB CONTRACT DOUBLE holding what the REAL simulator wrote."""
import time

from iotlab_workshop import influx_client


def test_dashboard_and_alert_are_created(solution, lab, grafana):
    m = solution("module06", "grafana_dashboard")
    result = m.publish(lab)
    assert result["dashboard"].endswith("/d/workshop-module06") and result["alert"] == "workshop-too-warm"
    d = grafana.state["dashboards"]["workshop-module06"]
    assert "workshop" in d["tags"] and all(p["datasource"]["uid"] == "iotlab-influxdb" for p in d["panels"])
    m.publish(lab)  # overwrite: still one dashboard
    assert list(grafana.state["dashboards"]) == ["workshop-module06"]


def test_every_panel_query_returns_the_simulators_data(solution, lab, simulator, influx):
    deadline = time.monotonic() + 20
    while not influx.points("energy") and time.monotonic() < deadline:
        time.sleep(0.2)
    m = solution("module06", "grafana_dashboard")
    d = m.build_dashboard(lab.influxdb_bucket)
    with influx_client(lab) as client:
        for p in d["panels"]:
            tables = client.query_api().query(p["targets"][0]["query"])
            assert tables and tables[0].records, p["title"]
        rooms = {r["location"] for t in client.query_api().query(m.max_per_room_flux(lab.influxdb_bucket))
                 for r in t.records}
        assert rooms == {"living-room", "bedroom", "kitchen"}


def test_wrong_grafana_password(solution, lab):
    import dataclasses
    import pytest
    with pytest.raises(SystemExit, match="GRAFANA_USER/GRAFANA_PASSWORD"):
        solution("module06", "grafana_dashboard").publish(dataclasses.replace(lab, grafana_password="x"))
