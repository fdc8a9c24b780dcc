"""Small helpers shared by the workshop's reference solutions.

    from iotlab_workshop import load_lab, mqtt_connect, LabApi, influx_client

They only remove boilerplate (reading .env, connecting, the API token); every solution still shows the
paho-mqtt / requests / influxdb-client calls that matter for its module.
"""
from .config import Lab, load_lab, ConfigError
from .mqtt import make_mqtt_client, mqtt_connect, MqttConnectError, collect_messages
from .api import LabApi, ApiError
from .influx import influx_client

__all__ = ["Lab", "load_lab", "ConfigError", "make_mqtt_client", "mqtt_connect", "MqttConnectError",
           "collect_messages", "LabApi", "ApiError", "influx_client"]
