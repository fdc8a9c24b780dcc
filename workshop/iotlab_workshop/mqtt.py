"""One MQTT client for both ways into your lab: direct TCP (MQTT_BROKER:MQTT_PORT) or WebSocket through the
ingress (MQTT_WS_URL, e.g. wss://alice.labs.example.edu/mqtt)."""
from __future__ import annotations

import json
import ssl
import threading
import time
import uuid
from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from .config import Lab


class MqttConnectError(Exception):
    """The broker could not be reached or refused us; the message says which setting to look at."""


def _endpoint(lab: Lab, transport: str):
    """(host, port, path, use_tls) for the chosen transport."""
    if transport == "websockets":
        if not lab.mqtt_ws_url:
            raise MqttConnectError("MQTT_WS_URL is empty: copy the 'MQTT over WebSocket' address from your handout, "
                                   "e.g. wss://<your-host>/mqtt")
        url = urlparse(lab.mqtt_ws_url)
        tls = url.scheme == "wss"
        return url.hostname, url.port or (443 if tls else 80), url.path or "/mqtt", tls
    return lab.mqtt_broker, lab.mqtt_port, None, False


def make_mqtt_client(lab: Lab, client_id: str | None = None, transport: str | None = None,
                     clean_session: bool = True) -> mqtt.Client:
    """A configured but not yet connected paho client (callback API version 2, MQTT 3.1.1)."""
    transport = transport or lab.mqtt_transport
    _, _, path, tls = _endpoint(lab, transport)
    client = mqtt.Client(CallbackAPIVersion.VERSION2,
                         client_id=client_id or f"workshop-{uuid.uuid4().hex[:8]}",
                         clean_session=clean_session, protocol=mqtt.MQTTv311,
                         transport="websockets" if transport == "websockets" else "tcp")
    if transport == "websockets":
        client.ws_set_options(path=path)
    if tls:
        if lab.mqtt_tls_ca:
            client.tls_set(ca_certs=lab.mqtt_tls_ca)
        else:
            client.tls_set(cert_reqs=ssl.CERT_REQUIRED)  # the system's trusted CAs, as a browser would
    if lab.mqtt_username:
        client.username_pw_set(lab.mqtt_username, lab.mqtt_password)
    return client


def mqtt_connect(lab: Lab, client_id: str | None = None, transport: str | None = None, timeout: float = 10,
                 client: mqtt.Client | None = None) -> mqtt.Client:
    """Connects, starts the network loop and waits for the broker's answer.

    Raises MqttConnectError naming the setting that is wrong (host/port, user/password, WebSocket URL).
    """
    transport = transport or lab.mqtt_transport
    host, port, _, _ = _endpoint(lab, transport)
    where = lab.mqtt_ws_url if transport == "websockets" else f"{host}:{port}"
    settings = "MQTT_WS_URL" if transport == "websockets" else "MQTT_BROKER/MQTT_PORT"
    client = client or make_mqtt_client(lab, client_id, transport)
    answered = threading.Event()
    result = {}
    previous = client.on_connect

    def on_connect(c, userdata, flags, reason_code, properties):
        result["rc"] = reason_code
        answered.set()
        if previous:
            previous(c, userdata, flags, reason_code, properties)

    client.on_connect = on_connect
    try:
        client.connect(host, port, keepalive=30)
    except ssl.SSLError as e:
        raise MqttConnectError(f"TLS to {where} failed ({e}); check MQTT_WS_URL (wss://) or MQTT_TLS_CA") from e
    except OSError as e:
        raise MqttConnectError(f"cannot reach the MQTT broker at {where} ({e}); check {settings}") from e
    client.loop_start()
    if not answered.wait(timeout):
        client.loop_stop()
        client.disconnect()
        raise MqttConnectError(f"no answer from the MQTT broker at {where} within {timeout:.0f} s; check {settings}"
                               + (" (and that the path is /mqtt)" if transport == "websockets" else ""))
    rc = result["rc"]
    if rc.is_failure:
        client.loop_stop()
        client.disconnect()
        if rc.value in (4, 5, 134, 135):  # bad user name or password / not authorised
            raise MqttConnectError(f"the broker at {where} refused MQTT_USERNAME/MQTT_PASSWORD ({rc})")
        raise MqttConnectError(f"the broker at {where} refused the connection ({rc})")
    client.on_connect = previous
    return client


def collect_messages(client: mqtt.Client, topic: str, until, timeout: float = 15, qos: int = 0, then=None):
    """Subscribes and gathers (topic, payload-as-JSON-or-text, retained) tuples until `until(messages)` is true
    or the timeout passes; returns what arrived. `then()` runs right after subscribing (e.g. send a command
    whose answer you want to see: the broker handles our SUBSCRIBE before a later PUBLISH on the same client)."""
    messages = []
    changed = threading.Condition()

    def on_message(c, userdata, msg):
        try:
            payload = json.loads(msg.payload)
        except ValueError:
            payload = msg.payload.decode("utf-8", "replace")
        with changed:
            messages.append((msg.topic, payload, msg.retain))
            changed.notify_all()

    client.message_callback_add(topic, on_message)
    client.subscribe(topic, qos)
    if then:
        then()
    deadline = time.monotonic() + timeout
    try:
        with changed:
            while not until(messages):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                changed.wait(left)
        return list(messages)
    finally:
        client.unsubscribe(topic)
        client.message_callback_remove(topic)
