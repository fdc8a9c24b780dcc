"""Module 8 - home automation rules that drive the simulator's devices.

Rules:
  * AC with hysteresis: on above 25 °C, off below 23 °C (nothing in between, so it does not flap)
    -> automation/ac/<room>
  * Dehumidifier above 70 % (off below 60 %): the simulator has no dehumidifier, so a smart plug (switch)
    stands in -> devices/<switch id>/command
  * Night motion -> lights on in that room -> automation/light/<room>
  * Scheduled routines, e.g. every light off at 23:30
Every action is logged to InfluxDB, measurement automation_events (tags rule, device_id, location;
fields value, message), so Grafana and your instructor can see the rules firing.

    python solutions/module08/home_automation.py --minutes 30
"""
import argparse
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point  # noqa: E402
from influxdb_client.client.write_api import SYNCHRONOUS  # noqa: E402

from iotlab_workshop import influx_client, load_lab, mqtt_connect  # noqa: E402


@dataclass
class HysteresisRule:
    """Switches a target on above `on_above` and off below `off_below`; remembers its last decision."""
    name: str
    sensor_type: str          # readings from sensors/<sensor_type>/<id>
    location: str
    on_above: float
    off_below: float
    command_topic: str        # where the command goes
    device_id: str            # for the event log
    state: str | None = None  # None until the first decision

    def __post_init__(self):
        if self.off_below >= self.on_above:
            raise ValueError(f"{self.name}: off_below ({self.off_below}) must be below on_above ({self.on_above})")

    def matches(self, sensor_type, payload):
        return sensor_type == self.sensor_type and payload.get("location") == self.location

    def evaluate(self, value, now=None):
        """'on' / 'off' when the state must change, else None."""
        wanted = "on" if value > self.on_above else "off" if value < self.off_below else None
        if wanted is None or wanted == self.state:
            return None
        self.state = wanted
        return wanted


@dataclass
class NightMotionRule:
    """Motion at night switches the room's lights on (once per motion start)."""
    name: str
    location: str
    night_from: int = 22      # hour, inclusive
    night_until: int = 6      # hour, exclusive
    command_topic: str = ""
    device_id: str = ""
    state: str | None = None

    def __post_init__(self):
        self.command_topic = self.command_topic or f"automation/light/{self.location}"
        self.device_id = self.device_id or f"light/{self.location}"

    def matches(self, sensor_type, payload):
        return sensor_type == "motion" and payload.get("location") == self.location

    def is_night(self, now):
        h = now.hour
        return h >= self.night_from or h < self.night_until if self.night_from > self.night_until \
            else self.night_from <= h < self.night_until

    def evaluate(self, value, now=None):
        now = now or datetime.now(timezone.utc)
        moving = value >= 1
        if moving and self.state != "on" and self.is_night(now):
            self.state = "on"
            return "on"
        if not moving:
            self.state = None  # ready for the next motion
        return None


@dataclass
class Routine:
    name: str
    at: str                   # "HH:MM" (UTC, like the simulator's clock)
    command_topic: str
    action: str
    device_id: str
    location: str
    last_run: str | None = None


@dataclass
class Scheduler:
    routines: list = field(default_factory=list)

    def due(self, now):
        """Routines whose time has come today and that did not run today yet."""
        today = now.strftime("%Y-%m-%d")
        out = []
        for r in self.routines:
            if now.strftime("%H:%M") >= r.at and r.last_run != today:
                r.last_run = today
                out.append(r)
        return out


def default_rules(ac_on=25.0, ac_off=23.0, humidity_on=70.0, humidity_off=60.0):
    return [
        HysteresisRule("ac_living_room", "temperature", "living-room", ac_on, ac_off, "automation/ac/living-room",
                       "ac-001"),
        HysteresisRule("ac_bedroom", "temperature", "bedroom", ac_on, ac_off, "automation/ac/bedroom", "ac-002"),
        HysteresisRule("dehumidifier_bedroom", "humidity", "bedroom", humidity_on, humidity_off,
                       "devices/switch-002/command", "switch-002"),
        NightMotionRule("night_motion_living_room", "living-room"),
        NightMotionRule("night_motion_hallway", "hallway"),
    ]


def default_scheduler():
    return Scheduler([Routine("lights_off_at_night", "23:30", f"automation/light/{room}", "off", f"light/{room}", room)
                      for room in ("living-room", "bedroom", "kitchen", "hallway")])


class Automation:
    def __init__(self, lab, rules=None, scheduler=None, clock=lambda: datetime.now(timezone.utc), log=print):
        self.lab, self.clock, self.log = lab, clock, log
        self.rules = default_rules() if rules is None else rules
        self.scheduler = default_scheduler() if scheduler is None else scheduler
        self.events = []
        self._db = influx_client(lab)
        self._write = self._db.write_api(write_options=SYNCHRONOUS)
        self._lock = threading.Lock()
        self.client = None

    def act(self, rule_name, topic, action, device_id, location, value, message):
        self.client.publish(topic, json.dumps({"action": action}), qos=1)
        point = (Point("automation_events").tag("rule", rule_name).tag("device_id", device_id)
                 .tag("location", location).field("value", float(value)).field("message", message))
        self._write.write(bucket=self.lab.influxdb_bucket, record=point)
        self.events.append((rule_name, action, device_id, value))
        self.log(f"{rule_name}: {message}")

    def handle(self, topic, payload):
        parts = topic.split("/")
        if len(parts) != 3 or not isinstance(payload, dict) or not isinstance(payload.get("value"), (int, float)):
            return
        now = self.clock()
        with self._lock:
            for rule in self.rules:
                if rule.matches(parts[1], payload):
                    action = rule.evaluate(payload["value"], now)
                    if action:
                        self.act(rule.name, rule.command_topic, action, rule.device_id, payload["location"],
                                 payload["value"], f"{parts[2]} reads {payload['value']} -> {rule.device_id} {action}")

    def tick(self):
        with self._lock:
            for r in self.scheduler.due(self.clock()):
                self.act(r.name, r.command_topic, r.action, r.device_id, r.location, 0, f"scheduled {r.at}: {r.action}")

    def start(self):
        self.client = mqtt_connect(self.lab)

        def on_message(client, userdata, msg):
            try:
                self.handle(msg.topic, json.loads(msg.payload))
            except ValueError:
                pass
        self.client.on_message = on_message
        self.client.subscribe("sensors/+/+")
        return self

    def stop(self):
        if self.client:
            self.client.disconnect()
            self.client.loop_stop()
        self._db.close()

    def run(self, seconds, until=None):
        self.start()
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline and not (until and until(self)):
                self.tick()
                time.sleep(0.2)
        finally:
            self.stop()
        return self.events


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--ac-on", type=float, default=25.0)
    p.add_argument("--ac-off", type=float, default=23.0)
    a = p.parse_args()
    Automation(load_lab(), default_rules(a.ac_on, a.ac_off)).run(a.minutes * 60)
