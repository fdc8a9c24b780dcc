"""Module 6 visualisation. Grafana is a CONTRACT DOUBLE (tests/web_doubles.py: Grafana cannot be built or run
here); every panel's Flux runs on the real influxd against what the real simulator wrote."""
import dataclasses

from iotlab_workshop import influx_client
from iotlab_workshop.config import env_text
from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starter_says_what_is_missing(minilab):
    not_done_yet(minilab.script("exercises/module06/grafana_dashboard.py"), "parts 2 and 3")
    p = minilab.progress(6)
    hint(p, "m6.dashboard", "No Grafana dashboard tagged workshop")
    hint(p, "m6.alert", "No Grafana alert rule yet")


def test_a_measurement_nothing_writes_is_the_hint(minilab, tmp_path):
    """The original platform's dashboards queried measurements nothing wrote."""
    wrong = wrong_copy(tmp_path, "module06/grafana_dashboard.py",
                       ('''r._measurement == "energy" and r._field == "value")''',
                        '''r._measurement == "sensor_data" and r._field == "value")'''))
    ran(minilab.script(wrong))
    p = minilab.progress(6)
    rules_ok(p, "m6.dashboard", "m6.alert")
    hint(p, "m6.data", 'Panel "House power" queries measurement "sensor_data"')


def test_reference_solution_passes(minilab, grafana):
    out = ran(minilab.script("solutions/module06/grafana_dashboard.py"))
    assert "/d/workshop-module06" in out and "alert rule: workshop-too-warm" in out
    ran(minilab.script("solutions/module06/grafana_dashboard.py"))   # again: overwritten, not doubled
    assert list(grafana.state["dashboards"]) == ["workshop-module06"] and list(grafana.state["alerts"]) == [
        "workshop-too-warm"]
    d = grafana.state["dashboards"]["workshop-module06"]
    assert all(p["datasource"]["uid"] == "iotlab-influxdb" for p in d["panels"])
    rules_ok(minilab.progress(6), "m6.dashboard", "m6.data", "m6.alert")


def test_every_panel_query_returns_the_simulators_data(solution, lab, simulator):
    m = solution("module06", "grafana_dashboard")
    d = m.build_dashboard(lab.influxdb_bucket)
    with influx_client(lab) as client:
        for p in d["panels"]:
            tables = client.query_api().query(p["targets"][0]["query"])
            assert tables and tables[0].records, p["title"]
        rooms = {r["location"] for t in client.query_api().query(m.max_per_room_flux(lab.influxdb_bucket))
                 for r in t.records}
        assert rooms == {"living-room", "bedroom", "kitchen"}


def test_wrong_grafana_password(minilab, lab_values, tmp_path):
    env = tmp_path / ".env"
    env.write_text(env_text(dataclasses.replace(lab_values, grafana_password="x")))
    result = minilab.script("solutions/module06/grafana_dashboard.py", env_file=env)
    assert result.returncode == 1 and "Grafana refused GRAFANA_USER/GRAFANA_PASSWORD" in result.stderr
