"""The WSGI and ASGI entry points: a server process is ready before its first request."""

import json
import os
import subprocess
import sys

import pytest

from tsunagu.config.tests.probe import SRC

CHECK = (
    "import gc, json, sys; import tsunagu.config.{module} as entry; "
    "print(json.dumps({{'app': callable(entry.application), "
    "'views': 'tsunagu.cases.views' in sys.modules, 'frozen': gc.get_freeze_count()}}))"
)


@pytest.mark.parametrize("module", ["wsgi", "asgi"])
def test_the_entry_point_loads_the_views_and_freezes_the_loaded_application(module):
    # given a fresh interpreter with production settings
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "TSUNAGU_DEMO"}}
    env |= {"PYTHONPATH": str(SRC), "SECRET_KEY": "test-only-key"}
    # when it imports the entry point, as gunicorn or an ASGI server does
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    # then the views are imported before any request, and the application's objects are
    # frozen out of the collector's generations (tens of thousands of them)
    assert loaded["app"] and loaded["views"]
    assert loaded["frozen"] > 10_000
