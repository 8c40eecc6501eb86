"""PostgreSQL's tools get the connection from the settings through the environment, never the
password on the command line; and they are found where Debian installs them."""

import subprocess

import pytest

from tsunagu.backups import engines
from tsunagu.backups.exceptions import BackupError

SETTINGS = {
    "NAME": "tsunagu",
    "USER": "tsunagu",
    "PASSWORD": "s3cret-Passw0rd",
    "HOST": "db.city.example.jp",
    "PORT": 5432,
    "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/city-ca.pem"},
}


def test_environment_carries_the_connection(monkeypatch):
    # given a shell that points elsewhere
    monkeypatch.setenv("PGHOST", "elsewhere.example.com")
    monkeypatch.setenv("PGDATABASE", "other")
    monkeypatch.setenv("PGSERVICE", "other")
    # when
    env = engines.pg_environment(SETTINGS)
    # then the settings decide, and nothing inherited is left over
    assert env["PGHOST"] == "db.city.example.jp"
    assert env["PGPORT"] == "5432"
    assert env["PGUSER"] == "tsunagu"
    assert env["PGPASSWORD"] == "s3cret-Passw0rd"
    assert env["PGDATABASE"] == "tsunagu"
    assert env["PGSSLMODE"] == "verify-full"
    assert env["PGSSLROOTCERT"] == "/etc/ssl/city-ca.pem"
    assert "PGSERVICE" not in env


def test_empty_settings_are_left_to_the_defaults(monkeypatch):
    # given a local socket connection without a password, in a shell with one set
    monkeypatch.setenv("PGPASSWORD", "inherited")
    # when
    env = engines.pg_environment({"NAME": "tsunagu", "HOST": "", "PASSWORD": "", "OPTIONS": {}})
    # then
    assert env["PGDATABASE"] == "tsunagu"
    assert "PGHOST" not in env
    assert "PGPASSWORD" not in env


@pytest.fixture
def runs(monkeypatch):
    calls = []

    def run(arguments, **kwargs):
        calls.append((arguments, kwargs["env"]))
        return subprocess.CompletedProcess(arguments, 0, "", "")

    monkeypatch.setattr(engines.subprocess, "run", run)
    monkeypatch.setattr(engines, "pg_tool", lambda name: f"/usr/bin/{name}")
    return calls


def test_password_never_on_the_command_line(runs, tmp_path):
    # when
    engines.pg_dump(settings_dict=SETTINGS, target=tmp_path / "b.dump", snapshot="00000003-1")
    engines.pg_restore(settings_dict=SETTINGS, backup=tmp_path / "b.dump")
    # then
    for arguments, env in runs:
        assert not any("s3cret" in argument for argument in arguments)
        assert env["PGPASSWORD"] == "s3cret-Passw0rd"
        assert "--no-password" in arguments  # fail, never wait for a prompt in a cron job
    dump, restore = (arguments for arguments, _ in runs)
    assert dump[1:4] == ["--format=custom", "--no-password", "--snapshot=00000003-1"]
    assert {"--clean", "--if-exists", "--no-owner", "--single-transaction"} <= set(restore)
    assert "--dbname=tsunagu" in restore


def test_failing_tool_reports_its_message(monkeypatch, tmp_path):
    # given
    def run(arguments, **kwargs):
        return subprocess.CompletedProcess(arguments, 1, "", "pg_dump: error: connection refused\n")

    monkeypatch.setattr(engines.subprocess, "run", run)
    monkeypatch.setattr(engines, "pg_tool", lambda name: f"/usr/bin/{name}")
    # when
    with pytest.raises(BackupError) as error:
        engines.pg_dump(settings_dict=SETTINGS, target=tmp_path / "b.dump", snapshot="1")
    # then
    assert error.value.message == (
        "pg_dump が失敗しました（終了コード 1）。\npg_dump: error: connection refused"
    )


def test_tool_is_found_in_debians_newest_version(monkeypatch, tmp_path):
    # given no pg_dump on PATH, and two versions installed the Debian way
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    monkeypatch.setattr(engines, "DEBIAN_BINARIES", str(tmp_path))
    for version in ("9.6", "15", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_dump").touch()
    # when / then
    assert engines.pg_tool("pg_dump") == str(tmp_path / "15" / "bin" / "pg_dump")


def test_missing_tool_says_what_to_install(monkeypatch, tmp_path):
    # given
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    monkeypatch.setattr(engines, "DEBIAN_BINARIES", str(tmp_path))
    # when
    with pytest.raises(BackupError) as error:
        engines.pg_tool("pg_restore")
    # then
    assert "pg_restore が見つかりません" in error.value.message
    assert "postgresql-client" in error.value.message


def test_partial_file_is_private_and_new(tmp_path):
    # when
    partial = engines.private_partial(tmp_path / "tsunagu.dump")
    # then
    assert partial.parent == tmp_path
    assert partial.name.startswith(".tsunagu.dump.")
    assert partial.stat().st_mode & 0o077 == 0
