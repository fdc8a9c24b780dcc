"""Module 4 REST API. Real: the lab API jar (with API_TOKEN), Mosquitto, the simulator (acknowledges commands).
/database/* goes API -> InfluxDB CONTRACT DOUBLE."""


def test_service_endpoints(solution, lab_api):
    s = solution("module04", "api_tour").service(lab_api)
    assert s["index"]["message"] and "devices" in s["index"]["endpoints"]
    assert s["health"]["status"] == "healthy" and s["mqtt"]["status"] == "connected"
    assert "iot-data" in s["database"]["buckets"]


def test_mqtt_roundtrip_through_the_api(solution, lab_api):
    m = solution("module04", "api_tour").mqtt_roundtrip(lab_api)
    assert m["message"] == {"hello": "from module 4"}


def test_database_write_and_query(solution, lab_api, lab):
    rows = solution("module04", "api_tour").database(lab_api, lab.influxdb_bucket)
    assert rows and rows[0]["value"] == 42.0 and rows[0]["tags"]["device_id"] == "workshop-thermo-01"


def test_device_registry(solution, lab_api):
    registered, listed, deleted = solution("module04", "api_tour").devices(lab_api)
    assert registered["status"] == "active"
    mine = next(d for d in listed["devices"] if d["device_id"] == "workshop-thermo-01")
    assert mine["status"] == "maintenance" and mine["source"] == "api"
    assert deleted["success"] and "to-delete" not in [d["device_id"] for d in lab_api.get("/devices/list")["devices"]]


def test_command_reaches_the_simulator(solution, lab_api, simulator):
    device = solution("module04", "api_tour").command_light(lab_api, "light-002", "on")
    assert device["state"] == "on"


def test_errors_are_explained(solution, lab_api, lab):
    m = solution("module04", "api_tour")
    m.devices(lab_api)
    e = m.errors(lab_api, lab)
    assert e["missing field"][0] == 400 and "device_id" in e["missing field"][1]
    assert e["unknown device"] == (404, "Device not found")
    assert e["bad status"][0] == 400
    assert e["wrong token"][0] == 401
