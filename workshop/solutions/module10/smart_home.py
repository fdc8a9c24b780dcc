"""Module 10 - capstone: the whole smart home.

House (simulator scenario smart-home): 3 temperature, 3 humidity, 2 motion, 4 lights, 2 AC, 3 switches,
an energy meter and 2 doors. This program
  * runs >= 5 rules plus a scheduler (module 8's engine) that drive the ACs, lights and plugs,
  * logs every action to automation_events,
  * publishes its own health, retained, on workshop/capstone/status (module 9's monitor, whose API calls are
    authenticated, rate-limited and behind a circuit breaker),
  * publishes a Grafana dashboard (tag "capstone") and the Node-RED flow when their URLs are in .env.

    python solutions/module10/smart_home.py --minutes 60
"""
import argparse
import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # lets you run this file from anywhere
for module in ("module05", "module06", "module08", "module09"):
    sys.path.insert(0, str(HERE.parent / module))

import deploy_flow  # noqa: E402  (module 5)
import grafana_dashboard  # noqa: E402  (module 6)
import health_monitor  # noqa: E402  (module 9)
from home_automation import (Automation, HysteresisRule, NightMotionRule, Routine, Scheduler,  # noqa: E402
                             default_scheduler)

from iotlab_workshop import load_lab  # noqa: E402


@dataclass
class ThresholdRule:
    """Fires `action` once when a reading goes above `above`; re-arms when it falls below `rearm_below`."""
    name: str
    sensor_type: str
    location: str | None      # None = any room
    above: float
    rearm_below: float
    command_topic: str
    device_id: str
    action: str = "off"
    state: str | None = None

    def matches(self, sensor_type, payload):
        return sensor_type == self.sensor_type and self.location in (None, payload.get("location"))

    def evaluate(self, value, now=None):
        if value > self.above and self.state != "fired":
            self.state = "fired"
            return self.action
        if value < self.rearm_below:
            self.state = None
        return None


@dataclass
class Settings:
    ac_on: float = 25.0
    ac_off: float = 23.0
    humidity_on: float = 70.0
    humidity_off: float = 60.0
    power_cap_watts: float = 2500.0
    status_every: float = 30.0


def rules(s: Settings):
    return [
        HysteresisRule("ac_living_room", "temperature", "living-room", s.ac_on, s.ac_off, "automation/ac/living-room",
                       "ac-001"),
        HysteresisRule("ac_bedroom", "temperature", "bedroom", s.ac_on, s.ac_off, "automation/ac/bedroom", "ac-002"),
        HysteresisRule("dehumidifier_kitchen", "humidity", "kitchen", s.humidity_on, s.humidity_off,
                       "devices/switch-002/command", "switch-002"),
        ThresholdRule("power_cap_kettle_off", "energy", None, s.power_cap_watts, s.power_cap_watts * 0.8,
                      "devices/switch-003/command", "switch-003", "off"),
        ThresholdRule("front_door_hall_light", "door", "hallway", 0.5, 0.5, "automation/light/hallway", "light-004",
                      "on"),
        NightMotionRule("night_motion_living_room", "living-room"),
        NightMotionRule("night_motion_hallway", "hallway"),
    ]


class SmartHome:
    def __init__(self, lab, settings=None, scheduler=None, log=print):
        self.lab, self.settings, self.log = lab, settings or Settings(), log
        self.automation = Automation(lab, rules(self.settings), scheduler or default_scheduler(), log=log)
        self.api = health_monitor.ResilientApi(lab)
        self.status = {}

    def publish_dashboards(self):
        done = {}
        if self.lab.grafana_url:
            dash = grafana_dashboard.build_dashboard(self.lab.influxdb_bucket, uid="capstone", title="Capstone - smart home",
                                                     tags=("workshop", "capstone"))
            done["grafana"] = grafana_dashboard.publish(self.lab, dash, alert=False)["dashboard"]
        if self.lab.node_red_url and self.lab.node_red_username:
            done["node_red"] = deploy_flow.deploy(self.lab)
        return done

    def report_status(self):
        self.status = health_monitor.check(self.lab, self.api)
        self.status["rules_fired"] = len(self.automation.events)
        client = self.automation.client
        client.publish("workshop/capstone/status", json.dumps(self.status), qos=1, retain=True)

    def run(self, seconds, until=None):
        self.automation.start()
        deadline = time.monotonic() + seconds
        next_status = 0.0
        try:
            while time.monotonic() < deadline and not (until and until(self)):
                self.automation.tick()
                if time.monotonic() >= next_status:
                    self.report_status()
                    next_status = time.monotonic() + self.settings.status_every
                time.sleep(0.2)
        finally:
            self.report_status()
            time.sleep(0.2)
            self.automation.stop()
        return self.automation.events


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=60)
    a = p.parse_args()
    home = SmartHome(load_lab())
    print(home.publish_dashboards())
    home.run(a.minutes * 60)
