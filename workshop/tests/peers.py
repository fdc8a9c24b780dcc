"""Real peers the workshop tests start besides Mosquitto and the Java jars (lab_fixture.py):

* influxd 2.7 (the binary named by $IOTLAB_INFLUXD; `.ci/influxdb.sh` builds it and `.ci/run` exports the variable),
  on a free 127.0.0.1 port in a temp dir, UI disabled, onboarded through POST /api/v2/setup;
* Node-RED 4 with the lab's own settings.js and npm lock (images/node-red), installed with `npm ci` once into
  ~/.cache/iotlab/node-red-<hash of the lock> - the same directory the images module's Java tests use.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import requests

from lab_fixture import REPO, free_port, terminate, wait_for

NODE_RED_PACKAGE = REPO / "images" / "node-red"
BROWSER_PACKAGE = REPO / "images" / "src" / "test" / "node"
CACHE = Path.home() / ".cache" / "iotlab"


class Influxd:
    """A real InfluxDB 2 server; `missing()` says why it cannot run here (None when it can)."""

    def __init__(self, workdir: Path, org: str, bucket: str, token: str):
        self.binary = os.environ.get("IOTLAB_INFLUXD", "")
        self.dir, self.org, self.bucket, self.token = workdir / f"influxd-{uuid.uuid4().hex[:6]}", org, bucket, token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def missing(self):
        if not self.binary:
            return ("IOTLAB_INFLUXD is not set: build influxd with .ci/influxdb.sh and export "
                    "IOTLAB_INFLUXD=$(.ci/influxdb.sh | tail -1) (.ci/run does both)")
        if not os.access(self.binary, os.X_OK):
            return f"IOTLAB_INFLUXD={self.binary} is not an executable file"
        return None

    def start(self):
        self.dir.mkdir(parents=True)
        self.log = self.dir / "influxd.log"
        self.proc = subprocess.Popen(
            [self.binary, "--ui-disabled", "--http-bind-address", f"127.0.0.1:{self.port}",
             "--bolt-path", str(self.dir / "influxd.bolt"), "--engine-path", str(self.dir / "engine"),
             "--log-level", "warn", "--reporting-disabled", "--metrics-disabled"],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, env={"HOME": str(self.dir), "PATH": os.environ["PATH"]})
        wait_for("influxd", lambda: requests.get(self.url + "/health", timeout=2).status_code == 200, 60,
                 self.proc, self.log)
        r = requests.post(self.url + "/api/v2/setup", json={
            "username": "admin", "password": "admin-" + uuid.uuid4().hex, "org": self.org, "bucket": self.bucket,
            "token": self.token, "retentionPeriodSeconds": 0}, timeout=10)
        r.raise_for_status()
        return self

    def query(self, flux: str) -> str:
        """Annotated CSV of a Flux query (for tests that look at the bucket directly)."""
        r = requests.post(f"{self.url}/api/v2/query", params={"org": self.org}, data=flux,
                          headers={"Authorization": f"Token {self.token}", "Content-Type": "application/vnd.flux",
                                   "Accept": "application/csv"}, timeout=30)
        r.raise_for_status()
        return r.text

    def stop(self):
        terminate(self.proc)


def npm_missing():
    if not shutil.which("node") or not shutil.which("npm"):
        return "node and npm are not installed (apt-get install -y nodejs npm, Node >= 18.5)"
    return None


def npm_install(name: str, package_dir: Path) -> Path:
    """`npm ci` of a package.json + lock into ~/.cache/iotlab/<name>-<hash> once (the images tests' scheme)."""
    text = (package_dir / "package.json").read_text() + (package_dir / "package-lock.json").read_text()
    target = CACHE / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"
    if (target / ".installed").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=CACHE))
    for f in ("package.json", "package-lock.json"):
        shutil.copy(package_dir / f, staging / f)
    done = subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=staging, capture_output=True,
                          text=True, timeout=900, env=dict(os.environ, NO_UPDATE_NOTIFIER="1"))
    if done.returncode != 0:
        raise RuntimeError(f"npm ci of {package_dir} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    (staging / ".installed").write_text("ok\n")
    try:
        staging.rename(target)
    except OSError:  # someone else finished first
        shutil.rmtree(staging, ignore_errors=True)
    return target


class NodeRed:
    """Node-RED as the lab runs it: images/node-red/settings.js, sub-path /node-red, admin login, the lab's broker
    (the service user) in the environment for the default flows."""

    ROOT = "/node-red"

    def __init__(self, workdir: Path, mqtt_port: int, mqtt_user: str, mqtt_password: str, influx_url: str,
                 influx_token: str, org: str, bucket: str):
        self.dir = workdir / f"node-red-{uuid.uuid4().hex[:6]}"
        self.port = free_port()
        self.user, self.password = "admin", "nr-" + uuid.uuid4().hex[:12]
        self.url = f"http://127.0.0.1:{self.port}{self.ROOT}"
        self.env = {"PORT": str(self.port), "NODE_RED_HTTP_ROOT": self.ROOT, "NODE_RED_ADMIN_USERNAME": self.user,
                    "NODE_RED_ADMIN_PASSWORD": self.password, "NODE_RED_CREDENTIAL_SECRET": uuid.uuid4().hex,
                    "MQTT_BROKER": "127.0.0.1", "MQTT_PORT": str(mqtt_port), "MQTT_USERNAME": mqtt_user,
                    "MQTT_PASSWORD": mqtt_password, "INFLUXDB_URL": influx_url, "INFLUXDB_TOKEN": influx_token,
                    "INFLUXDB_ORG": org, "INFLUXDB_BUCKET": bucket}
        self.proc = None

    def start(self):
        home = npm_install("node-red", NODE_RED_PACKAGE)
        self.dir.mkdir(parents=True)
        self.log = self.dir / "node-red.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MQTT_", "INFLUXDB_", "NODE_RED_"))}
        env.update(self.env)
        self.proc = subprocess.Popen(
            ["node", str(home / "node_modules" / "node-red" / "red.js"), "--userDir", str(self.dir / "userdir"),
             "--settings", str(NODE_RED_PACKAGE / "settings.js")],
            cwd=home, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        wait_for("node-red", lambda: requests.get(self.url + "/", timeout=2).status_code == 200, 120, self.proc, self.log)
        return self

    def stop(self):
        terminate(self.proc)


def chromium():
    return next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)


def browser_missing():
    if npm_missing():
        return npm_missing()
    if not chromium():
        return "chromium is not installed (apt-get install -y chromium): the dashboard is pressed in a real browser"
    return None


def press_dashboard_button(node_red: NodeRed, shots: Path, tab_id="wk5-tab", dashboard_path="/dashboard/module5",
                           button_id="wk5-on", gauge_id="wk5-gauge", timeout_ms=60000) -> list[dict]:
    """What a student does in the browser: opens the editor and the dashboard page, presses a button.
    Returns the steps the browser reported; screenshots (editor.png, dashboard.png) land in `shots`."""
    import json
    home = npm_install("playwright", BROWSER_PACKAGE)
    shots.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NODE_PATH=str(home / "node_modules"), NODE_RED_URL=node_red.url, NODE_RED_USER=node_red.user,
               NODE_RED_PASSWORD=node_red.password, TAB_ID=tab_id, DASHBOARD_PATH=dashboard_path, BUTTON_ID=button_id,
               GAUGE_ID=gauge_id, CHROMIUM=chromium(), SHOTS=str(shots), TIMEOUT_MS=str(timeout_ms))
    done = subprocess.run(["node", str(Path(__file__).parent / "browser" / "node_red.js")], env=env,
                          capture_output=True, text=True, timeout=timeout_ms / 1000 * 3)
    steps = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0:
        raise AssertionError(f"browser: {steps} {done.stderr[-2000:]}\nnode-red log:\n{node_red.log.read_text()[-2000:]}")
    return steps
