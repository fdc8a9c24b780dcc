"""Starts a miniature student lab on 127.0.0.1 for the tests.

Real peers:   Mosquitto (MQTT over TCP with user/password, WebSocket listener, and wss through a TLS-terminating
              proxy standing in for the ingress), InfluxDB 2 (influxd, tests/peers.py), the lab API jar, the
              simulator jar (smart-home scenario, every 2 s), Node-RED 4 with the lab's settings (tests/peers.py).
Contract double: Grafana's HTTP API (tests/web_doubles.py) - Grafana cannot be built or run here.
"""
from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
API_JAR = REPO / "api" / "target" / "iotlab-api.jar"
SIMULATOR_JAR = REPO / "simulator" / "target" / "iotlab-simulator.jar"
SCENARIO = REPO / "simulator" / "scenarios" / "smart-home.yaml"

MQTT_USER, MQTT_PASSWORD = "student", "s3cret-mqtt-pw"
SERVICE_USER, SERVICE_PASSWORD = "lab-services", "services-mqtt-pw"   # what the lab's Node-RED connects with
API_TOKEN = "lab-api-token-0123456789"
INFLUX_TOKEN = "lab-influx-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n" + (log.read_text()[-3000:] if log else ""))
        try:
            if check():
                return
        except Exception as e:  # noqa: BLE001 - still starting
            last = e
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready within {timeout} s (last error: {last})\n"
                       + (log.read_text()[-3000:] if log else ""))


def terminate(proc: subprocess.Popen | None, grace: float = 15):
    """Ends a peer's process (None or already gone: nothing to do): SIGTERM, then SIGKILL after `grace` seconds."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class Mosquitto:
    def __init__(self, workdir: Path):
        self.dir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.tcp_port, self.ws_port = free_port(), free_port()
        self.proc = None

    def start(self):
        binary = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)
        if not binary:
            return "Mosquitto is not installed (apt-get install -y mosquitto; .ci/run does this)"
        passwd = self.dir / "passwd"
        tool = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
        subprocess.run([tool, "-b", "-c", str(passwd), MQTT_USER, MQTT_PASSWORD], check=True, capture_output=True)
        subprocess.run([tool, "-b", str(passwd), SERVICE_USER, SERVICE_PASSWORD], check=True, capture_output=True)
        os.chmod(passwd, 0o600)
        conf = self.dir / "mosquitto.conf"
        # as root, Mosquitto would drop to user "mosquitto", which cannot read pytest's private temp dir
        user = "user root\n" if os.geteuid() == 0 else ""
        conf.write_text(f"""{user}per_listener_settings false
allow_anonymous false
password_file {passwd}
persistence false
listener {self.tcp_port} 127.0.0.1
listener {self.ws_port} 127.0.0.1
protocol websockets
""")
        self.log = self.dir / "mosquitto.log"
        self.proc = subprocess.Popen([binary, "-c", str(conf), "-v"], stdout=self.log.open("w"),
                                     stderr=subprocess.STDOUT)

        def listening():
            with socket.create_connection(("127.0.0.1", self.tcp_port), timeout=1):
                return True
        wait_for("mosquitto", listening, 10, self.proc, self.log)
        return None

    def stop(self):
        terminate(self.proc, 10)


class TlsIngress:
    """Terminates TLS (self-signed certificate) and forwards bytes to the WebSocket listener, as the lab's ingress
    does for wss://<host>/mqtt. Debian's libwebsockets cannot serve wss itself with OpenSSL 3."""

    def __init__(self, workdir: Path, backend_port: int):
        self.cert, self.key = workdir / "ingress.crt", workdir / "ingress.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", str(self.key), "-out", str(self.cert)], check=True, capture_output=True)
        self.backend = backend_port
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(self.cert, self.key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                raw, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw):
        try:
            client = self.context.wrap_socket(raw, server_side=True)
            backend = socket.create_connection(("127.0.0.1", self.backend))
        except (OSError, ssl.SSLError):
            raw.close()
            return

        def pump(src, dst):
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.close()
                    except OSError:
                        pass
        threading.Thread(target=pump, args=(backend, client), daemon=True).start()
        pump(client, backend)

    def close(self):
        self.closed = True
        self.sock.close()


class JavaService:
    def __init__(self, name: str, jar: Path, env: dict, workdir: Path):
        self.name, self.jar, self.env, self.log = name, jar, env, workdir / f"{name}.log"
        self.proc = None

    def start(self, ready, timeout=90):
        if not self.jar.exists():
            raise RuntimeError(f"{self.jar} is missing: build it with `mvn -pl api,simulator -am package -DskipTests`")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MQTT_", "INFLUXDB_", "API_", "SIMULATOR_"))}
        env.update(self.env)
        self.proc = subprocess.Popen(["java", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-jar",
                                      str(self.jar)], env=env, cwd=self.jar.parent,
                                     stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        wait_for(self.name, ready, timeout, self.proc, self.log)

    def stop(self):
        terminate(self.proc)


def start_api(workdir: Path, mqtt_port: int, influx_url: str, org: str, bucket: str,
              grafana: tuple[str, str, str] | None = None) -> tuple[JavaService, str]:
    """The lab API; with grafana=(url, user, password) it also reads module 6/10 evidence there, as in a cluster."""
    port = free_port()
    data = workdir / "api-data"
    data.mkdir(exist_ok=True)
    env = {
        "PORT": str(port), "MQTT_BROKER": "127.0.0.1", "MQTT_PORT": str(mqtt_port),
        "MQTT_USERNAME": MQTT_USER, "MQTT_PASSWORD": MQTT_PASSWORD,
        "INFLUXDB_URL": influx_url, "INFLUXDB_TOKEN": INFLUX_TOKEN, "INFLUXDB_ORG": org, "INFLUXDB_BUCKET": bucket,
        "API_TOKEN": API_TOKEN, "API_DATA_DIR": str(data)}
    if grafana:
        env.update({"GRAFANA_URL": grafana[0], "GRAFANA_USER": grafana[1], "GRAFANA_PASSWORD": grafana[2]})
    api = JavaService("api", API_JAR, env, workdir)
    url = f"http://127.0.0.1:{port}"
    api.start(lambda: requests.get(url + "/health", timeout=2).status_code == 200)
    return api, url


def start_simulator(workdir: Path, mqtt_port: int, influx_url: str, org: str, bucket: str) -> JavaService:
    health = free_port()
    sim = JavaService("simulator", SIMULATOR_JAR, {
        "MQTT_BROKER": "127.0.0.1", "MQTT_PORT": str(mqtt_port), "MQTT_USERNAME": MQTT_USER,
        "MQTT_PASSWORD": MQTT_PASSWORD, "INFLUXDB_URL": influx_url, "INFLUXDB_TOKEN": INFLUX_TOKEN,
        "INFLUXDB_ORG": org, "INFLUXDB_BUCKET": bucket, "SIMULATOR_SCENARIO": str(SCENARIO),
        "SIMULATOR_INTERVAL_SECONDS": "2", "SIMULATOR_SEED": "7", "HEALTH_PORT": str(health),
        "INFLUXDB_FLUSH_MILLIS": "300"}, workdir)
    sim.start(lambda: requests.get(f"http://127.0.0.1:{health}/readyz", timeout=2).status_code == 200, timeout=60)
    return sim
