"""Module 10 - capstone: the whole smart home. It runs from the first minute with two rules; complete parts 2-5
(the lesson's rubric says what is graded). It uses YOUR code of modules 5, 6, 8 and 9 (exercises/moduleNN).

House (simulator scenario smart-home): 3 temperature, 3 humidity, 2 motion, 4 lights, 2 AC, 3 switches,
an energy meter and 2 doors. This program
  * runs >= 5 rules plus a scheduler (module 8's engine) that drive the ACs, lights and plugs, and logs every action
    to automation_events (source "module10");
  * checks the lab's health through an authenticated, rate-limited, circuit-broken API client (module 9) and raises
    its own alerts (API not healthy, front door open too long, power above the cap);
  * publishes its status, retained, on workshop/module10/status at start, every 30 s and at the end;
  * with --dashboards: a Grafana dashboard (tag capstone), a Grafana alert rule (label workshop=capstone) and a
    Node-RED dashboard flow (reporting on workshop/module10/flow).

    python exercises/module10/smart_home.py --dashboards --minutes 60
    python exercises/module10/smart_home.py --demo --minutes 2      # thresholds just below the current readings
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # lets you run this file from anywhere
for module in ("module05", "module06", "module08", "module09"):
    sys.path.insert(0, str(HERE.parent / module))   # your own code of the earlier modules (exercises/moduleNN)

import deploy_flow  # noqa: E402  (module 5)
import grafana_dashboard as gd  # noqa: E402  (module 6)
import health_monitor  # noqa: E402  (module 9)
from home_automation import (Automation, HysteresisRule, NightMotionRule, current_readings,  # noqa: E402
                             default_scheduler)

from iotlab_workshop import load_lab  # noqa: E402
from iotlab_workshop.exercise import run, todo  # noqa: E402


@dataclass
class ThresholdRule:
    """Part 2: fires `action` once when a reading goes above `above`; re-arms when it falls below `rearm_below`."""
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
        # TODO part 2: above `above` and not fired yet: remember that it fired and return self.action; below
        # `rearm_below`: forget it (re-armed). Otherwise None.
        todo("part 2: ThresholdRule.evaluate() - fire once, re-arm below")


@dataclass
class Settings:
    ac_on: float = 25.0
    ac_off: float = 23.0
    humidity_on: float = 70.0
    humidity_off: float = 60.0
    power_cap_watts: float = 2500.0
    door_open_alert_seconds: float = 300.0
    status_every: float = 30.0


def rules(s: Settings):
    """Part 3: the house's rules (at least five)."""
    return [
        HysteresisRule("ac_living_room", "temperature", "living-room", s.ac_on, s.ac_off, "automation/ac/living-room",
                       "ac-001"),
        HysteresisRule("ac_bedroom", "temperature", "bedroom", s.ac_on, s.ac_off, "automation/ac/bedroom", "ac-002"),
        # TODO part 3: at least three more rules, e.g. (see the lesson for the devices and topics)
        #   - the dehumidifier of module 8 (bedroom humidity -> switch-002)
        #   - load shedding: a ThresholdRule on the energy meter that switches the kettle (switch-003) off above
        #     s.power_cap_watts, and a second stage at 1.2 x the cap for the TV socket (switch-001)
        #   - the front door (door-001, hallway) opening -> hallway light (light-004) on
        #   - night motion -> lights (module 8's NightMotionRule)
    ]


def dashboard(bucket):
    """Part 4: the capstone's Grafana dashboard (at least four panels on data the house writes)."""
    panels = [
        gd.panel(1, "Temperature per room", gd.temperature_flux(bucket), unit="celsius"),
        gd.panel(2, "Humidity per room", gd.temperature_flux(bucket).replace('"temperature"', '"humidity"'),
                 x=12, unit="percent"),
        # TODO part 4: at least two more panels on data your bucket has, e.g. the house power (measurement energy)
        # and the number of actions per rule (automation_events, group by rule, count).
    ]
    return {"uid": "capstone", "title": "Capstone - smart home", "tags": ["workshop", "capstone"],
            "timezone": "browser", "refresh": "10s", "time": {"from": "now-1h", "to": "now"}, "schemaVersion": 39,
            "panels": panels}


def alert_rule(bucket, s: Settings):
    """Given: a Grafana alert when the house draws more than the power cap for 5 minutes."""
    rule = gd.build_alert(bucket, threshold=s.power_cap_watts, uid="capstone-power", title="House power above cap",
                          labels={"workshop": "capstone"})
    rule["data"][0]["model"]["query"] = rule["data"][0]["model"]["query"].replace('"temperature"', '"energy"')
    rule["annotations"] = {"summary": f"The house draws more than {s.power_cap_watts:.0f} W"}
    return rule


def alerts(report, house, s: Settings):
    """Part 5: the program's own alerts from its latest health report and what the house reads."""
    found = []
    # TODO part 5: append a sentence to `found` for each problem: the API not "healthy" (report["api"]["status"]),
    # the front door open longer than s.door_open_alert_seconds (house["door_open_since"] is a time.monotonic()
    # value or None), the house power (house["power"]) above s.power_cap_watts.
    if not getattr(alerts, "warned", False):
        print("note: part 5 is not done yet - alerts() finds nothing")
        alerts.warned = True
    return found


class SmartHome:
    """Given: ties the parts together."""

    def __init__(self, lab, settings=None, scheduler=None, log=print):
        self.lab, self.settings, self.log = lab, settings or Settings(), log
        self.automation = Automation(lab, rules(self.settings), scheduler or default_scheduler(), log=log,
                                     source="module10")
        self.api = health_monitor.ResilientApi(lab)
        self.house = {}
        self.status = {}
        handle = self.automation.handle

        def watch(topic, payload):   # what the alerts need, then the rules
            if isinstance(payload, dict) and topic == "sensors/energy/energy-001":
                self.house["power"] = payload.get("value", 0)
            if isinstance(payload, dict) and topic == "sensors/door/door-001":
                opened = payload.get("value", 0) >= 1
                if opened and not self.house.get("door_open_since"):
                    self.house["door_open_since"] = time.monotonic()
                elif not opened:
                    self.house["door_open_since"] = None
            handle(topic, payload)
        self.automation.handle = watch

    def publish_dashboards(self):
        done = {}
        if self.lab.grafana_url:
            bucket = self.lab.influxdb_bucket
            result = gd.publish(self.lab, dashboard(bucket), alert_rule(bucket, self.settings))
            done["grafana"] = result["dashboard"]
        if self.lab.node_red_url and self.lab.node_red_username:
            done["node_red"] = deploy_flow.deploy(self.lab, deploy_flow.build_flow(
                prefix="wk10", label="Capstone smart home", page_path="/capstone",
                report_topic="workshop/module10/flow", button_target="devices/light-001/command"))
        return done

    def report_status(self):
        report = health_monitor.check(self.lab, self.api, publish=False)
        events = self.automation.events
        self.status = {"at": report["at"], "api": report.get("api"), "influxdb": report.get("influxdb"),
                       "mqtt": report.get("mqtt"), "client": report.get("client"), "rules_fired": len(events),
                       "rules": sorted({e[0] for e in events}), "alerts": alerts(report, self.house, self.settings),
                       "run": self.automation.run_id}
        self.automation.client.publish("workshop/module10/status", json.dumps(self.status), qos=1, retain=True)
        for a in self.status["alerts"]:
            self.log(f"ALERT: {a}")

    def run(self, seconds, until=None):
        self.automation.start()
        deadline = time.monotonic() + seconds
        next_status = 0.0
        try:
            while time.monotonic() < deadline and not (until and until(self)):
                if self.automation.failure:
                    raise self.automation.failure
                self.automation.tick()
                if time.monotonic() >= next_status:
                    self.report_status()
                    next_status = time.monotonic() + self.settings.status_every
                time.sleep(0.2)
        finally:
            if self.automation.client:
                self.report_status()
                time.sleep(0.3)
            self.automation.stop()
        return self.automation.events


def demo_settings(lab):
    """Given: thresholds just below what the house reads now, so that five rules act within seconds (--demo)."""
    now = current_readings(lab, [("temperature", "living-room"), ("temperature", "bedroom"), ("humidity", "bedroom"),
                                 ("energy", "hallway")])
    t = min(now[("temperature", "living-room")], now[("temperature", "bedroom")])
    h = now[("humidity", "bedroom")]
    return Settings(ac_on=round(t - 1.5, 1), ac_off=round(t - 3.5, 1), humidity_on=round(h - 3, 1),
                    humidity_off=round(h - 8, 1), power_cap_watts=round(now[("energy", "hallway")] * 0.5))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--dashboards", action="store_true", help="publish the Grafana dashboard/alert and the Node-RED flow")
    p.add_argument("--routine-in", type=float, help="also switch the living-room light on in M minutes")
    p.add_argument("--demo", action="store_true", help="thresholds just below the current readings; a routine now")
    a = p.parse_args(argv)
    lab = load_lab()
    settings = demo_settings(lab) if a.demo else Settings()
    routine_in = 0 if a.demo and a.routine_in is None else a.routine_in
    home = SmartHome(lab, settings, default_scheduler(routine_in))
    print(f"{len(home.automation.rules)} rules, {len(home.automation.scheduler.routines)} routines; settings {settings}")
    if a.dashboards:
        print("published:", home.publish_dashboards())
    home.run(a.minutes * 60, until=(lambda h: len({e[0] for e in h.automation.events}) >= 6) if a.demo else None)
    print(f"{home.status.get('rules_fired')} action(s); rules and routines that acted: {home.status.get('rules')}")
    return 0


if __name__ == "__main__":
    run(main)
