"""The lock files (make lock): every distribution pinned with hashes, in step with the
human-edited requirements files, and covering what is installed."""

import os
import re
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    return {normalized(name): version for name, version in PIN.findall(path.read_text())}


def lock_entries(path):
    """{name: (version, number of hashes)} of a `uv pip compile --generate-hashes` file."""
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text()):
        match = PIN.match(block)
        if match:
            entries[normalized(match[1])] = (match[2], block.count("--hash=sha256:"))
    return entries


def test_every_locked_distribution_has_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = lock_entries(BASE_DIR / lock)
        assert entries, lock
        assert [name for name, (_, hashes) in entries.items() if hashes == 0] == [], lock


def test_the_locks_pin_every_top_level_requirement_at_its_version():
    runtime = lock_entries(BASE_DIR / "requirements.lock")
    dev = lock_entries(BASE_DIR / "requirements-dev.lock")
    stale = []
    for requirements, lock in (("requirements.txt", runtime), ("requirements-dev.txt", dev)):
        for name, version in pins(BASE_DIR / requirements).items():
            if lock.get(name, (None,))[0] != version:
                stale.append(f"{requirements}: {name}=={version}, lock: {lock.get(name)}")
    assert stale == [], "the lock files are out of date: run `make lock`"


def test_the_dev_lock_pins_the_runtime_lock_s_versions():
    runtime = lock_entries(BASE_DIR / "requirements.lock")
    dev = lock_entries(BASE_DIR / "requirements-dev.lock")

    assert {name: dev.get(name, (None,))[0] for name in runtime} == {
        name: version for name, (version, _) in runtime.items()
    }


def test_every_installed_distribution_is_locked_at_its_installed_version():
    locked = {
        name: version
        for name, (version, _) in lock_entries(BASE_DIR / "requirements-dev.lock").items()
    }
    installed = {normalized(d.metadata["Name"]): d.version for d in distributions(path=sys.path)}

    different = {
        name: (version, locked.get(name))
        for name, version in installed.items()
        if locked.get(name) != version
    }

    assert different == {}, (
        "installed (left) but not locked (right): `make lock` after adding a requirement, or "
        "`make clean test` to drop what an older install left in .venv"
    )


def test_make_audit_fails_plainly_when_the_advisory_database_cannot_be_reached(tmp_path):
    # Every HTTPS request goes through a proxy where nothing listens; a cache of earlier
    # answers is kept out with a HOME of the test's own.
    env = {
        **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        # -o: the installed venv is taken as it is, not reinstalled.
        ["make", "-o", ".venv/.installed-dev", "-o", ".venv/.installed-runtime", "audit"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode != 0
    assert "No known vulnerabilities found" not in result.stdout
    assert "make audit FAILED" in result.stdout
    assert "advisory database" in result.stdout
