"""What the module tests share: a typical wrong solution made from the reference solution by one edit, and
assertions on what a script printed and what the checker says."""
from __future__ import annotations

import shutil
from pathlib import Path

WORKSHOP = Path(__file__).resolve().parents[1]


def wrong_copy(tmp_path: Path, script: str, *edits: tuple[str, str]) -> str:
    """Copies solutions/ to tmp_path and applies each (old, new) edit to solutions/<script>; returns the path of
    the edited script. Every `old` must occur, so a changed solution cannot turn the test into a no-op."""
    target = tmp_path / "solutions"
    if not target.exists():
        shutil.copytree(WORKSHOP / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    path = target / script
    text = path.read_text()
    for old, new in edits:
        assert old in text, f"{script} no longer contains {old!r}: update the wrong-solution test"
        text = text.replace(old, new)
    path.write_text(text)
    return str(path)


def ran(result, code=0):
    """The script's exit code is `code`; on failure the assertion shows what the student would have seen."""
    assert result.returncode == code, f"exit {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n" \
                                      f"--- stderr\n{result.stderr[-3000:]}"
    return result.stdout


def not_done_yet(result, part):
    """An untouched starter: exit code 3 and the polite 'Not done yet - part N' line, no traceback."""
    out = ran(result, 3)
    assert f"Not done yet - {part}" in out and "Traceback" not in result.stderr, out + result.stderr
    return out


def rules_ok(progress, *ids):
    bad = {i: progress[i] for i in ids if not progress[i][0]}
    assert not bad, bad


def hint(progress, rule_id, *words):
    ok, text = progress[rule_id]
    assert not ok, f"{rule_id} should be missing: {text}"
    for w in words:
        assert w in text, f"{rule_id}: {text!r} lacks {w!r}"
    return text
