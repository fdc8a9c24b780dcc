"""What a check returns: per module a Result of Rules (id from EVIDENCE.md, ok, the text shown), and the helpers the
checks share to read the values evidence carries."""
from __future__ import annotations

from dataclasses import dataclass, field

TITLES = {1: "Introduction", 2: "MQTT basics", 3: "Time-series database", 4: "REST API", 5: "Node-RED",
          6: "Visualisation", 7: "Simulator", 8: "Home automation", 9: "Advanced topics", 10: "Capstone"}
GRAFANA_MISSING = "Grafana is not configured for this lab (GRAFANA_URL is not in the .env)."


@dataclass
class Rule:
    id: str
    ok: bool
    text: str


@dataclass
class Result:
    module: int
    rules: list = field(default_factory=list)

    @property
    def title(self):
        return TITLES[self.module]

    @property
    def ok(self):
        return all(r.ok for r in self.rules)

    def rule(self, rule_id, ok, done, missing):
        self.rules.append(Rule(rule_id, bool(ok), done if ok else missing))
        return bool(ok)

    def as_json(self):
        return {"module": self.module, "title": self.title, "done": self.ok,
                "rules": [{"id": r.id, "ok": r.ok, "text": r.text} for r in self.rules]}


def obj(value):
    return value if isinstance(value, dict) else None


def num(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def one(x):
    return f"{x:.1f}"
