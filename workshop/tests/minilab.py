"""One student's lab on 127.0.0.1, as the tests need it: real Mosquitto (+ a TLS 'ingress' for wss), real influxd,
the real API and simulator jars, real Node-RED, and the Grafana contract double; plus how a student runs things
(each script from the command line, with their .env) and reads their progress."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import lab_fixture as lf
from peers import Influxd, NodeRed, npm_missing
from web_doubles import GrafanaDouble

WORKSHOP = Path(__file__).resolve().parents[1]
ORG, BUCKET = "iot-org", "iot-data"


def missing_peers():
    """Why a lab cannot run here (None when it can): the tests are then skipped with this reason."""
    if not (shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists()):
        return "Mosquitto is not installed (apt-get install -y mosquitto; .ci/run does this)"
    if not shutil.which("openssl"):
        return "openssl is not installed (needed for the test certificate of the wss ingress)"
    problem = Influxd(Path("/tmp"), ORG, BUCKET, "x").missing()
    if problem:
        return problem
    return npm_missing()


@dataclass
class MiniLab:
    workdir: Path
    simulator_enabled: bool = True
    stopped: list = field(default_factory=list)

    def start(self):
        w = self.workdir
        self.broker = lf.Mosquitto(w / "mosquitto")
        problem = self.broker.start()
        if problem:
            raise RuntimeError(problem)
        self.stopped.append(self.broker.stop)
        self.ingress = lf.TlsIngress(w, self.broker.ws_port)
        self.stopped.append(self.ingress.close)
        self.influx = Influxd(w, ORG, BUCKET, lf.INFLUX_TOKEN).start()
        self.stopped.append(self.influx.stop)
        self.node_red = NodeRed(w, self.broker.tcp_port, lf.SERVICE_USER, lf.SERVICE_PASSWORD, self.influx.url,
                                lf.INFLUX_TOKEN, ORG, BUCKET)
        self.stopped.append(self.node_red.stop)
        self.node_red_started = _background(self.node_red.start)
        self.grafana = GrafanaDouble().__enter__()
        self.stopped.append(lambda: self.grafana.__exit__(None, None, None))
        grafana = (self.grafana.url, self.grafana.state["user"], self.grafana.state["password"])
        self.api_service, self.api_url = lf.start_api(w, self.broker.tcp_port, self.influx.url, ORG, BUCKET, grafana)
        self.stopped.append(self.api_service.stop)
        self.simulator = None
        if self.simulator_enabled:
            self.simulator = lf.start_simulator(w, self.broker.tcp_port, self.influx.url, ORG, BUCKET)
            self.stopped.append(self.simulator.stop)
            from iotlab_workshop import LabApi
            from iotlab_workshop.config import Lab
            registry = LabApi(Lab(api_url=self.api_url, api_token=lf.API_TOKEN))
            lf.wait_for("simulator announcements in the API registry",
                        lambda: len([d for d in registry.get("/devices/list")["devices"] if d.get("source") == "mqtt"
                                     and d.get("commands") is not None]) >= 20, 60, self.simulator.proc,
                        self.simulator.log)
        self.node_red_started()
        self.env_file = w / ".env"
        self.env_file.write_text(self.env_text())
        return self

    def values(self):
        from iotlab_workshop.config import Lab
        return Lab(mqtt_broker="127.0.0.1", mqtt_port=self.broker.tcp_port, mqtt_username=lf.MQTT_USER,
                   mqtt_password=lf.MQTT_PASSWORD, mqtt_ws_url=f"wss://127.0.0.1:{self.ingress.port}/mqtt",
                   mqtt_tls_ca=str(self.ingress.cert),
                   influxdb_url=self.influx.url, influxdb_token=lf.INFLUX_TOKEN, influxdb_org=ORG,
                   influxdb_bucket=BUCKET, api_url=self.api_url, api_token=lf.API_TOKEN,
                   grafana_url=self.grafana.url, grafana_user=self.grafana.state["user"],
                   grafana_password=self.grafana.state["password"], node_red_url=self.node_red.url,
                   node_red_username=self.node_red.user, node_red_password=self.node_red.password)

    def env_text(self):
        from iotlab_workshop.config import env_text
        return env_text(self.values())

    def stop(self):
        for stop in reversed(self.stopped):
            try:
                stop()
            except Exception:  # noqa: BLE001 - best effort at teardown
                pass

    # ---- as a student ------------------------------------------------------------------------------------------
    def script(self, path: str, *args, timeout=180, env_file=None) -> subprocess.CompletedProcess:
        """Runs e.g. 'exercises/module02/subscriber.py' from the workshop folder, as the README tells a student."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MQTT_", "INFLUXDB_", "FLASK_", "API_",
                                                                      "GRAFANA_", "NODE_RED_"))}
        env["IOTLAB_ENV_FILE"] = str(env_file or self.env_file)
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONPATH"] = str(WORKSHOP)   # for a wrong solution copied elsewhere (student.wrong_copy)
        return subprocess.run([sys.executable, path, *map(str, args)], cwd=WORKSHOP, env=env, capture_output=True,
                              text=True, timeout=timeout)

    def progress(self, *modules, env_file=None):
        """{rule id: (ok, text)} of the checker for those modules (all when none given)."""
        from iotlab_workshop import load_lab
        from iotlab_workshop.check import CHECKS, check
        results, _ = check(load_lab(env_file or self.env_file), list(modules) or sorted(CHECKS))
        return {r.id: (r.ok, r.text) for res in results for r in res.rules}

    def progress_until(self, *modules, timeout=30, env_file=None):
        """progress() once every rule of those modules holds, or at the timeout (evidence that arrives a little later:
        a Node-RED flow reports within 10 s)."""
        import time
        deadline = time.monotonic() + timeout
        while True:
            p = self.progress(*modules, env_file=env_file)
            if all(ok for ok, _ in p.values()) or time.monotonic() > deadline:
                return p
            time.sleep(1)


def _background(fn):
    import threading
    box = {}

    def target():
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller
            box["error"] = e
    t = threading.Thread(target=target, daemon=True)
    t.start()

    def join():
        t.join()
        if "error" in box:
            raise box["error"]
    return join
