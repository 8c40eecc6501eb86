"""Load the settings module in a fresh interpreter with a chosen environment.

Settings are read once per process, so deployment variants (production, demo) are checked in a
subprocess, with the test runner's own markers (PYTEST_VERSION, TSUNAGU_DEMO, DEBUG) removed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]
DROPPED = {"PYTEST_VERSION", "TSUNAGU_DEMO", "DEBUG", "DJANGO_SETTINGS_MODULE"}
DROPPED_PREFIXES = ("SECURE_", "TSUNAGU_", "SESSION_", "AXES_")


def load_settings(env: dict[str, str], names: list[str]) -> subprocess.CompletedProcess[str]:
    """Import ``tsunagu.config.settings`` under ``env`` and print ``names`` as JSON."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in DROPPED and not key.startswith(DROPPED_PREFIXES)
    }
    code = (
        "import json; from tsunagu.config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=base | {"PYTHONPATH": str(SRC), "SECRET_KEY": "test-only-key"} | env,
        capture_output=True,
        text=True,
        check=False,
    )


def settings_values(env: dict[str, str], names: list[str]) -> dict[str, object]:
    result = load_settings(env, names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
