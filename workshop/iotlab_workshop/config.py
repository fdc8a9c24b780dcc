"""Reads your lab's endpoints and credentials from `.env` (made from the handout, see workshop/README.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values, find_dotenv

# variable name in .env -> attribute of Lab (the original platform's names, plus API_TOKEN and the WebSocket URL)
VARIABLES = {
    "MQTT_BROKER": "mqtt_broker",
    "MQTT_PORT": "mqtt_port",
    "MQTT_USERNAME": "mqtt_username",
    "MQTT_PASSWORD": "mqtt_password",
    "MQTT_WS_URL": "mqtt_ws_url",
    "MQTT_TRANSPORT": "mqtt_transport",
    "MQTT_TLS_CA": "mqtt_tls_ca",
    "INFLUXDB_URL": "influxdb_url",
    "INFLUXDB_TOKEN": "influxdb_token",
    "INFLUXDB_ORG": "influxdb_org",
    "INFLUXDB_BUCKET": "influxdb_bucket",
    "FLASK_API_URL": "api_url",
    "API_TOKEN": "api_token",
    "GRAFANA_URL": "grafana_url",
    "GRAFANA_USER": "grafana_user",
    "GRAFANA_PASSWORD": "grafana_password",
    "NODE_RED_URL": "node_red_url",
    "NODE_RED_USERNAME": "node_red_username",
    "NODE_RED_PASSWORD": "node_red_password",
    "EMQX_DASHBOARD_URL": "emqx_dashboard_url",
}
REQUIRED = ["MQTT_BROKER", "MQTT_PORT", "MQTT_USERNAME", "MQTT_PASSWORD", "INFLUXDB_URL", "INFLUXDB_TOKEN",
            "INFLUXDB_ORG", "INFLUXDB_BUCKET", "FLASK_API_URL", "API_TOKEN"]


class ConfigError(Exception):
    """A variable in .env is missing or malformed; the message names it."""


@dataclass
class Lab:
    mqtt_broker: str = ""
    mqtt_port: int = 1883
    mqtt_username: str = ""
    mqtt_password: str = ""
    mqtt_ws_url: str = ""        # e.g. wss://alice.labs.example.edu/mqtt (the handout's "MQTT over WebSocket")
    mqtt_transport: str = "tcp"  # tcp | websockets
    mqtt_tls_ca: str = ""        # only for a self-signed certificate: path of the CA file
    influxdb_url: str = ""
    influxdb_token: str = ""
    influxdb_org: str = "iot-org"
    influxdb_bucket: str = "iot-data"
    api_url: str = ""
    api_token: str = ""
    grafana_url: str = ""
    grafana_user: str = ""
    grafana_password: str = ""
    node_red_url: str = ""
    node_red_username: str = ""
    node_red_password: str = ""
    emqx_dashboard_url: str = ""
    source: str = ""             # where the values came from, for messages

    def missing(self) -> list[str]:
        """Names of required variables that are empty."""
        return [name for name in REQUIRED if not str(getattr(self, VARIABLES[name]) or "").strip()]


def load_lab(env_file: str | os.PathLike | None = None) -> Lab:
    """Reads the lab settings.

    Order: the process environment wins over the file (as python-dotenv's load_dotenv does), the file is
    `env_file`, else $IOTLAB_ENV_FILE, else the nearest `.env` from the current directory upwards.
    """
    path = env_file or os.environ.get("IOTLAB_ENV_FILE") or find_dotenv(usecwd=True)
    values: dict[str, str | None] = {}
    if path:
        if not Path(path).is_file():
            raise ConfigError(f"{path} does not exist: copy workshop/.env.example to .env and fill it from your handout")
        values = dotenv_values(path)
    lab = Lab(source=str(path) if path else "environment")
    for name, attr in VARIABLES.items():
        raw = os.environ.get(name, values.get(name))
        if raw is None or str(raw).strip() == "":
            continue
        raw = str(raw).strip()
        if attr == "mqtt_port":
            try:
                setattr(lab, attr, int(raw))
            except ValueError:
                raise ConfigError(f"MQTT_PORT={raw!r} is not a number (in {lab.source}); the handout gives e.g. 1883")
        else:
            setattr(lab, attr, raw)
    lab.api_url = lab.api_url.rstrip("/")
    lab.mqtt_transport = lab.mqtt_transport.lower()
    if lab.mqtt_transport not in ("tcp", "websockets"):
        raise ConfigError(f"MQTT_TRANSPORT={lab.mqtt_transport!r}: use tcp or websockets")
    for name in ("INFLUXDB_URL", "FLASK_API_URL", "GRAFANA_URL", "NODE_RED_URL", "EMQX_DASHBOARD_URL"):
        url = getattr(lab, VARIABLES[name])
        if url and urlparse(url).scheme not in ("http", "https"):
            raise ConfigError(f"{name}={url!r} must start with http:// or https:// (in {lab.source})")
    if lab.mqtt_ws_url and urlparse(lab.mqtt_ws_url).scheme not in ("ws", "wss"):
        raise ConfigError(f"MQTT_WS_URL={lab.mqtt_ws_url!r} must start with ws:// or wss:// (in {lab.source})")
    return lab


def env_text(lab: Lab) -> str:
    """The .env file for these settings (used by the tests to make a .env exactly as a student would)."""
    lines = []
    for name, attr in VARIABLES.items():
        value = getattr(lab, attr)
        if value not in ("", None):
            lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


__all__ = ["Lab", "load_lab", "ConfigError", "VARIABLES", "REQUIRED", "env_text"]
