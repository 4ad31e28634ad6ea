"""bin/ensure-system-packages, which `make test` runs first: the Debian packages the suite needs.

The tools are installed on this machine, so a fresh machine is shown by a PATH that hides them:
a folder holding only the commands a case keeps. Installing is seen through an `apt-get` in
that folder that records its arguments (the real one would find everything installed).
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "bin" / "ensure-system-packages"
BASH = shutil.which("bash")
EVERY_PACKAGE = "gettext chromium default-jre-headless npm nginx postgresql-client redis-server"
TOOLS = {
    "gettext": ["msgfmt"],
    "chromium": ["chromium"],
    "default-jre-headless": ["java"],
    "npm": ["npm"],
    "nginx": ["nginx"],
    "postgresql-client": ["psql", "pg_dump", "pg_restore"],
    "redis-server": ["redis-server", "redis-cli"],
}
AS_ROOT = os.geteuid() == 0


def machine_with(folder, *, packages=(), commands=()):
    """A PATH folder with the tools of `packages` and the plain `commands`, nothing else."""
    folder.mkdir(exist_ok=True)
    for name in ["id", *commands, *(tool for p in packages for tool in TOOLS[p])]:
        real = shutil.which(name)
        assert real, f"{name} is needed on this machine to build the case"
        (folder / name).symlink_to(real)
    return folder


def recording_apt_get(folder):
    log = folder / "apt-get.log"
    stub = folder / "apt-get"
    stub.write_text(f'#!{BASH}\necho "$*" >> {log}\n')
    stub.chmod(0o755)
    return log


def run(folder, *args, user=None, extra_env=None):
    env = {"PATH": str(folder), "HOME": str(folder), **(extra_env or {})}
    command = [BASH, str(SCRIPT), *args]
    if user:
        # A copy beside the PATH folder: the checkout may lie where that user cannot read.
        copy = folder / SCRIPT.name
        shutil.copy(SCRIPT, copy)
        command = [BASH, str(copy), *args]
        account = pwd.getpwnam(user)
        command = [
            shutil.which("setpriv"),
            f"--reuid={account.pw_uid}",
            f"--regid={account.pw_gid}",
            "--clear-groups",
            *command,
        ]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_this_machine_has_every_package_the_suite_needs():
    result = subprocess.run([BASH, str(SCRIPT), "--check"], capture_output=True, text=True)

    assert result.returncode == 0, result.stdout


def test_a_fresh_machine_lacks_each_package_by_its_debian_name(tmp_path):
    result = run(machine_with(tmp_path / "bin"), "--check")

    assert result.returncode == 1
    assert result.stdout.strip() == EVERY_PACKAGE


def test_only_the_packages_whose_tools_are_missing_are_listed(tmp_path):
    folder = machine_with(
        tmp_path / "bin", packages=["gettext", "npm", "nginx", "redis-server"], commands=["psql"]
    )

    result = run(folder, "--check")

    # pg_dump and pg_restore come with psql: one missing makes the package missing.
    assert result.stdout.strip() == "chromium default-jre-headless postgresql-client"


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is not installed")
@pytest.mark.skipif(not AS_ROOT, reason="switching to another user needs root")
def test_a_user_without_root_gets_the_one_apt_get_line_and_nothing_is_installed():
    # Not under pytest's temporary folder, which only its owner may enter.
    home = Path(tempfile.mkdtemp(prefix="newsroom-packages-"))
    home.chmod(0o755)
    folder = machine_with(home / "bin", packages=["gettext", "nginx", "redis-server"])
    apt_log = recording_apt_get(folder)

    result = run(folder, user="nobody")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Missing system packages. Run, then try again:",
        "  sudo apt-get install -y chromium default-jre-headless npm postgresql-client",
    ]
    assert not apt_log.exists()
    shutil.rmtree(home)


@pytest.mark.skipif(not AS_ROOT, reason="the install path runs as root only")
def test_as_root_the_missing_packages_are_installed_with_apt_get(tmp_path):
    folder = machine_with(tmp_path / "bin", packages=["gettext", "nginx", "redis-server"])
    apt_log = recording_apt_get(folder)

    result = run(folder)

    assert result.returncode == 0, result.stderr
    assert "Installing chromium default-jre-headless npm postgresql-client" in result.stdout
    assert apt_log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq chromium default-jre-headless npm postgresql-client",
    ]


@pytest.mark.skipif(not AS_ROOT, reason="starting Redis is done as root only")
def test_as_root_redis_is_started_when_installed_and_not_running():
    # A port of this test's own: the shared Redis on 6379 is never stopped.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    env = {**os.environ, "REDIS_PORT": port}
    try:
        result = subprocess.run(
            [BASH, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
        )

        assert result.returncode == 0, result.stderr
        assert "Starting Redis" in result.stdout
        ping = subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True, text=True)
        assert ping.stdout.strip() == "PONG"
    finally:
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)
