"""The .env the scripts read is the one the handout writes: iotlab_workshop/config.py against the lab contract's
export (iotlab_workshop/contract.json, generated from lab-contract/), and the topics the checker and the starters
use against the contract's topics. No lab needed."""
import json
from pathlib import Path

from iotlab_workshop.config import REQUIRED, VARIABLES

CONTRACT = json.loads((Path(__file__).resolve().parents[1] / "iotlab_workshop" / "contract.json").read_text())


def test_every_student_env_key_is_read_and_required_alike():
    keys = {e["name"]: e["required"] for e in CONTRACT["studentEnv"]}
    assert set(keys) == set(VARIABLES)
    assert {k for k, required in keys.items() if required} == set(REQUIRED)


def test_the_workshop_topics_are_the_contracts():
    t = CONTRACT["topics"]
    assert t["sensor"] == "sensors/{type}/{id}"          # what sensors/+/+ (starters, checker m2/m3/m5) assumes
    assert t["deviceCommand"] == "devices/{id}/command"   # module 4, 5 buttons, 8 plugs
    assert t["automation"] == "automation/{type}/{room}"  # module 8 room commands
    assert t["deviceMeta"] == "devices/{id}/meta"         # module 7 announcement
