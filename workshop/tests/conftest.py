"""Session fixtures: one miniature lab shared by all tests (see lab_fixture.py for which peers are real)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

WORKSHOP = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKSHOP))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from iotlab_workshop import LabApi, load_lab  # noqa: E402
from iotlab_workshop.config import Lab, env_text  # noqa: E402
import lab_fixture as lf  # noqa: E402
from influx_double import InfluxDouble  # noqa: E402
from web_doubles import GrafanaDouble, NodeRedDouble  # noqa: E402

ORG, BUCKET = "iot-org", "iot-data"

# the tests' .env must be the only source of lab settings: drop any from the machine's environment
from iotlab_workshop.config import VARIABLES  # noqa: E402
import os  # noqa: E402
for _name in list(VARIABLES) + ["IOTLAB_ENV_FILE"]:
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("lab")


@pytest.fixture(scope="session")
def broker(workdir):
    """REAL Mosquitto (TCP + WebSocket listener) and a TLS-terminating 'ingress' for wss."""
    m = lf.Mosquitto(workdir)
    problem = m.start()
    if problem:
        pytest.skip(f"SKIPPED, NOT PASSED: {problem}")
    yield m
    m.stop()


@pytest.fixture(scope="session")
def wss_ingress(broker, workdir):
    """TLS-terminating stand-in for the lab's ingress in front of the REAL Mosquitto WebSocket listener."""
    import shutil
    if not shutil.which("openssl"):
        pytest.skip("SKIPPED, NOT PASSED: openssl is not installed (needed for the test certificate)")
    ingress = lf.TlsIngress(workdir, broker.ws_port)
    yield ingress
    ingress.close()


@pytest.fixture(scope="session")
def influx():
    """CONTRACT DOUBLE of InfluxDB 2 (tests/influx_double.py); InfluxDB cannot run on this machine."""
    with InfluxDouble(ORG, BUCKET, lf.INFLUX_TOKEN) as double:
        yield double


@pytest.fixture(scope="session")
def api(broker, influx, workdir):
    """REAL lab API jar, connected to the real broker and to the InfluxDB contract double."""
    service, url = lf.start_api(workdir, broker.tcp_port, influx.url, ORG, BUCKET)
    yield url
    service.stop()


@pytest.fixture(scope="session")
def simulator(broker, influx, workdir, api):
    """REAL simulator jar, smart-home scenario, 1 s interval (started after the API so it sees the announcements)."""
    service = lf.start_simulator(workdir, broker.tcp_port, influx.url, ORG, BUCKET)
    registry = LabApi(Lab(api_url=api, api_token=lf.API_TOKEN))
    # ready = the API has seen the simulator's retained announcements (devices/+/meta) for all 20 devices
    lf.wait_for("simulator announcements in the API registry",
                lambda: len([d for d in registry.get("/devices/list")["devices"] if d.get("source") == "mqtt"
                             and d.get("commands") is not None]) >= 20, 30, service.proc, service.log)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def grafana():
    """CONTRACT DOUBLE of Grafana's HTTP API (tests/web_doubles.py)."""
    with GrafanaDouble() as g:
        yield g


@pytest.fixture(scope="session")
def node_red():
    """CONTRACT DOUBLE of Node-RED's admin HTTP API (tests/web_doubles.py)."""
    with NodeRedDouble() as n:
        yield n


@pytest.fixture(scope="session")
def lab_values(broker, influx, api, grafana, node_red):
    return Lab(mqtt_broker="127.0.0.1", mqtt_port=broker.tcp_port, mqtt_username=lf.MQTT_USER,
               mqtt_password=lf.MQTT_PASSWORD, mqtt_ws_url=f"ws://127.0.0.1:{broker.ws_port}/mqtt",
               influxdb_url=influx.url, influxdb_token=lf.INFLUX_TOKEN, influxdb_org=ORG, influxdb_bucket=BUCKET,
               api_url=api, api_token=lf.API_TOKEN,
               grafana_url=grafana.url, grafana_user=grafana.state["user"], grafana_password=grafana.state["password"],
               node_red_url=node_red.url, node_red_username=node_red.state["user"],
               node_red_password=node_red.state["password"], emqx_dashboard_url="")


@pytest.fixture(scope="session")
def env_file(lab_values, workdir):
    """The student's .env, written exactly as the README tells them to."""
    path = workdir / ".env"
    path.write_text(env_text(lab_values))
    return path


@pytest.fixture(scope="session")
def lab(env_file):
    return load_lab(env_file)


@pytest.fixture(scope="session")
def lab_api(lab):
    return LabApi(lab)


def load_solution(module: str, name: str):
    """Imports workshop/solutions/<module>/<name>.py as a module object."""
    path = WORKSHOP / "solutions" / module / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{module}_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def solution():
    return load_solution
