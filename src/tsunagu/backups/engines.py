"""How each database is copied and restored: SQLite's online backup API, PostgreSQL's tools.

PostgreSQL's pg_dump and pg_restore get the connection from Django's ``DATABASES`` through the
``PG*`` environment variables: the password never appears on a command line, where every
user of the server could read it in the process list.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from tsunagu.backups.exceptions import BackupError

# Connection variables the settings decide; any of them inherited from the operator's shell
# could point pg_dump or pg_restore at another server or database.
CONNECTION_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE")
OPTION_VARIABLES = {
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
DEBIAN_BINARIES = "/usr/lib/postgresql"


def private_partial(path: Path) -> Path:
    """A new empty file next to ``path`` that only its owner can read (a backup holds every
    personal record), to write the backup into before it gets its name."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise BackupError(
            f"{path.parent} にファイルを作成できません（{error.strerror}）。"
        ) from None
    os.close(handle)
    return Path(name)


def sqlite_open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def sqlite_copy(*, source: sqlite3.Connection, target: Path) -> None:
    """Copy the database with the online backup API into the empty file ``target``.

    The copy is taken in one step under a read lock, so it is consistent while the application
    keeps writing (in WAL mode writers are not blocked). The copy is switched from WAL to a
    rollback journal, so that it is one self-contained file.
    """
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")


def sqlite_restore(*, backup: Path, target: sqlite3.Connection) -> None:
    """Copy the backup into the database of ``target`` with the backup API, which replaces it
    page by page under SQLite's lock, so connections see either the old or the new database."""
    with closing(sqlite_open_readonly(backup)) as source:
        source.backup(target)


def pg_tool(name: str) -> str:
    """The PostgreSQL client program: on PATH, or the newest in Debian's versioned directories
    (pg_dump must be at least as new as the server)."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))

    candidates = sorted(Path(DEBIAN_BINARIES).glob(f"*/bin/{name}"), key=version)
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        f"{name} が見つかりません。PostgreSQL のクライアント"
        "（Debian では postgresql-client）をインストールしてください。"
    )


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the current one without inherited
    connection variables, and the connection of ``settings_dict`` as ``PG*`` variables."""
    env = {key: value for key, value in os.environ.items() if key not in CONNECTION_VARIABLES}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in OPTION_VARIABLES.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run(arguments: list[str], *, settings_dict: dict[str, Any]) -> None:
    # The arguments are the tool found above and fixed options; the connection is in env.
    result = subprocess.run(  # noqa: S603
        arguments,
        env=pg_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        name = Path(arguments[0]).name
        raise BackupError(
            f"{name} が失敗しました（終了コード {result.returncode}）。\n{result.stderr.strip()}"
        )


def pg_dump(*, settings_dict: dict[str, Any], target: Path, snapshot: str) -> None:
    """Dump the database in pg_dump's custom format (compressed, restorable table by table)
    as seen by the exported ``snapshot``, into the empty file ``target``."""
    arguments = [
        pg_tool("pg_dump"),
        "--format=custom",
        "--no-password",
        f"--snapshot={snapshot}",
        f"--file={target}",
    ]
    _run(arguments, settings_dict=settings_dict)


def pg_restore(*, settings_dict: dict[str, Any], backup: Path) -> None:
    """Restore the dump into the configured database, replacing the objects it holds.

    ``--single-transaction``: a failure leaves the database as it was. ``--no-owner``: the
    objects belong to the configured user, whichever role owned them where the dump was made.
    """
    arguments = [
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={settings_dict['NAME']}",
        str(backup),
    ]
    _run(arguments, settings_dict=settings_dict)
