"""docs/audit-actions.md lists every audit action code the code can write."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
DOC = SRC.parents[1] / "docs" / "audit-actions.md"
APPS = (
    "accounts|people|consultations|consents|privacy|cases|meetings|outreach|participation"
    "|community|linkage|reports|api|imports|backups"
)
CODE = re.compile(rf'"((?:{APPS})\.[a-z_]+\.[a-z_]+)"')


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" in text or "_audit_list" in text:
            codes |= set(CODE.findall(text))
    return codes


def test_every_audit_action_is_documented():
    documented = set(re.findall(r"`([a-z_]+\.[a-z_]+\.[a-z_]+)`", DOC.read_text(encoding="utf-8")))
    codes = _codes_in_source()
    assert codes, "no audit action codes found: the scan is broken"
    assert codes - documented == set()
