"""python -m iotlab_workshop check --module N | --all [--env FILE] [--json]"""
import argparse
import json
import sys

from .check import CHECKS, check, as_json, render
from .config import ConfigError, load_lab


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m iotlab_workshop")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="report which modules a lab shows evidence for (rules: workshop/EVIDENCE.md)")
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--module", type=int, choices=sorted(CHECKS))
    which.add_argument("--all", action="store_true")
    c.add_argument("--env", help="the student's .env (default: ./.env)")
    c.add_argument("--json", action="store_true", help="machine-readable output (EVIDENCE.md, last section)")
    a = p.parse_args(argv)
    try:
        lab = load_lab(a.env)
    except ConfigError as e:
        print(f"cannot read the lab settings: {e}")
        return 2
    results, errors = check(lab, sorted(CHECKS) if a.all else [a.module])
    print(json.dumps(as_json(results, errors), indent=1) if a.json else render(results, errors))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
