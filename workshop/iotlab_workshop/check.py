"""Progress checker: reads the evidence each module leaves in a student's lab (the rules are workshop/EVIDENCE.md).

    python -m iotlab_workshop check --module 3 [--env path/to/student.env]
    python -m iotlab_workshop check --all [--json]

Evidence is read through the student's own API (devices, /database/query), MQTT (retained messages under
workshop/#) and Grafana, with the credentials of the student's .env. Nothing is written except one non-retained
marker message. Each rule below carries its id from EVIDENCE.md; the texts are EVIDENCE.md's, word for word.
"""
from __future__ import annotations

from .checks_applied import module6, module7, module8, module9, module10
from .checks_core import module1, module2, module3, module4, module5
from .config import Lab
from .evidence import Evidence
from .results import Result

CHECKS = {1: module1, 2: module2, 3: module3, 4: module4, 5: module5, 6: module6, 7: module7, 8: module8,
          9: module9, 10: module10}


def check(lab: Lab, modules) -> tuple[list[Result], list[str]]:
    """Results per module, and the problems met while reading evidence (shown as notes)."""
    e = Evidence(lab)
    results = [CHECKS[m](e) for m in modules]
    return results, list(dict.fromkeys(e.errors))


def render(results, errors=()) -> str:
    lines = []
    for r in results:
        lines.append(f"Module {r.module:2} {r.title:22} {'DONE' if r.ok else 'NOT DONE'}")
        for rule in r.rules:
            lines.append(f"    {'ok     ' if rule.ok else 'missing'}  {rule.text}")
    lines += [f"note: {e}" for e in errors]
    lines.append(f"{sum(r.ok for r in results)}/{len(results)} module(s) done")
    return "\n".join(lines)


def as_json(results, errors=()) -> dict:
    return {"modules": [r.as_json() for r in results], "summary": f"{sum(r.ok for r in results)}/{len(results)}",
            "notes": list(errors)}
