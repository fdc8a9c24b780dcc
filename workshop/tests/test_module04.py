"""Module 4 REST API. Real: the lab API jar (with API_TOKEN), Mosquitto, influxd behind /database/*, the simulator
(acknowledges commands). Scripts run from the command line; some parts are also called directly."""
from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starter_says_what_is_missing(minilab):
    not_done_yet(minilab.script("exercises/module04/api_tour.py"), "part 1")
    p = minilab.progress(4)
    hint(p, "m4.device", "Register a device")
    hint(p, "m4.write", "api_readings")
    hint(p, "m4.command", "POST /devices/<id>/command")


def test_no_status_change_is_the_hint(minilab, tmp_path):
    wrong = wrong_copy(tmp_path, "module04/api_tour.py",
                       ('    api.put(f"/devices/{DEVICE}/status", json={"status": "maintenance"})\n', ""))
    ran(minilab.script(wrong))
    p = minilab.progress(4)
    rules_ok(p, "m4.device", "m4.write", "m4.command")
    hint(p, "m4.status", 'PUT /devices/<id>/status with {"status": "maintenance"}')


def test_reference_solution_passes(minilab, simulator):
    out = ran(minilab.script("solutions/module04/api_tour.py"))
    assert "'status': 'healthy'" in out and "light-001 after the command:" in out and "'state': 'on'" in out
    assert "wrong token: HTTP 401" in out and "unknown device: HTTP 404 Device not found" in out
    assert "missing field: HTTP 400" in out and "'value': 42.0" in out
    rules_ok(minilab.progress(4), "m4.device", "m4.status", "m4.write", "m4.command")


def test_database_rows_have_the_originals_shape(solution, lab_api, lab):
    rows = solution("module04", "api_tour").database(lab_api, lab.influxdb_bucket)
    assert rows and rows[0]["value"] == 42.0 and rows[0]["tags"]["device_id"] == "workshop-thermo-01"
    assert rows[0]["measurement"] == "api_readings" and rows[0]["field"] == "value" and rows[0]["time"]


def test_errors_are_explained(solution, lab_api, lab):
    m = solution("module04", "api_tour")
    e = m.errors(lab_api, lab)
    assert e["missing field"][0] == 400 and "device_id" in e["missing field"][1]
    assert e["unknown device"] == (404, "Device not found")
    assert e["bad status"][0] == 400
    assert e["wrong token"][0] == 401
