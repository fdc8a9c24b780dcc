"""Session fixtures: one miniature lab shared by all module tests (see minilab.py for which peers are real).
The whole-workshop test (test_zz_student_runs_the_workshop.py) starts a second, fresh lab of its own."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

WORKSHOP = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKSHOP))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from iotlab_workshop import LabApi, load_lab  # noqa: E402
from iotlab_workshop.config import VARIABLES  # noqa: E402
from minilab import MiniLab, missing_peers  # noqa: E402

# the tests' .env must be the only source of lab settings: drop any from the machine's environment
for _name in list(VARIABLES) + ["IOTLAB_ENV_FILE"]:
    os.environ.pop(_name, None)


def start_lab(workdir, simulator=True):
    problem = missing_peers()
    if problem:
        pytest.skip(f"SKIPPED, NOT PASSED: {problem}")
    lab = MiniLab(workdir, simulator_enabled=simulator)
    try:
        return lab.start()
    except BaseException:
        lab.stop()
        raise


@pytest.fixture(scope="session")
def minilab(tmp_path_factory):
    lab = start_lab(tmp_path_factory.mktemp("lab"))
    yield lab
    lab.stop()


@pytest.fixture(scope="session")
def broker(minilab):
    return minilab.broker


@pytest.fixture(scope="session")
def wss_ingress(minilab):
    return minilab.ingress


@pytest.fixture(scope="session")
def influx(minilab):
    return minilab.influx


@pytest.fixture(scope="session")
def simulator(minilab):
    return minilab.simulator


@pytest.fixture(scope="session")
def grafana(minilab):
    return minilab.grafana


@pytest.fixture(scope="session")
def node_red(minilab):
    return minilab.node_red


@pytest.fixture(scope="session")
def lab_values(minilab):
    return minilab.values()


@pytest.fixture(scope="session")
def env_file(minilab):
    return minilab.env_file


@pytest.fixture(scope="session")
def lab(env_file):
    return load_lab(env_file)


@pytest.fixture(scope="session")
def lab_api(lab):
    return LabApi(lab)


def load_script(kind: str, module: str, name: str):
    """Imports workshop/<kind>/<module>/<name>.py (kind: solutions or exercises) as a module object."""
    path = WORKSHOP / kind / module / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{kind}_{module}_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod   # dataclasses with postponed annotations look their module up there
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(path.parent))
    return mod


@pytest.fixture
def solution():
    return lambda module, name: load_script("solutions", module, name)


@pytest.fixture
def starter():
    return lambda module, name: load_script("exercises", module, name)
