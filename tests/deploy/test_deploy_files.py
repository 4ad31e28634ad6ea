"""Every file under deploy/ is checked with the tools that will read it in production.

nginx's own `nginx -t` (Debian 12's 1.22 here) with a throwaway certificate, systemd's
`systemd-analyze verify`, gunicorn's `--check-config`, and the cron lines' fields. The files
name production paths (/srv/newsroom/app, /etc/letsencrypt/…): the checks run on copies that
point those at this checkout and a temporary folder, and change nothing else.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
CHECKED = {
    "cron.example",
    "gunicorn.conf.py",
    "nginx/local.conf.template",
    "nginx/newsroom.conf",
    "serve.sh",  # started for real by tests/deploy/test_serve.py
    "systemd/newsroom-publish.service",
    "systemd/newsroom-publish.timer",
    "systemd/newsroom.service",
}

needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (it comes with systemd)",
)


def test_every_file_under_deploy_has_a_check():
    files = {str(path.relative_to(DEPLOY)) for path in DEPLOY.rglob("*") if path.is_file()}
    files = {name for name in files if "__pycache__" not in name}

    assert files == CHECKED


def self_signed_certificate(folder):
    key, certificate = folder / "privkey.pem", folder / "fullchain.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=www.example.ma", "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def nginx_test(config, folder):
    return subprocess.run(
        ["nginx", "-t", "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )


@needs_nginx
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_production_nginx_site_passes_nginx_t(tmp_path):
    certificate, key = self_signed_certificate(tmp_path)
    site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/var/cache/nginx/newsroom", str(tmp_path / "cache"))
    (tmp_path / "newsroom.conf").write_text(site)
    # The site file is what Debian's nginx.conf includes inside its http block.
    temp_paths = "".join(
        f"    {kind}_temp_path {tmp_path / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path / 'access.log'};\n"
        f"{temp_paths}"
        f"    include {tmp_path / 'newsroom.conf'};\n"
        "}\n"
    )

    result = nginx_test(tmp_path / "nginx.conf", tmp_path)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


@needs_nginx
def test_the_production_nginx_site_never_caches_the_health_check():
    site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    health = re.search(r"location = /healthz \{(.*?)\}", site, re.DOTALL)

    assert health, "no location for /healthz"
    assert "proxy_cache off;" in health[1]
    assert "access_log off;" in health[1]


@needs_nginx
def test_the_local_nginx_template_passes_nginx_t(tmp_path):
    values = {
        "@RUN@": str(tmp_path),
        "@PORT@": "8000",
        "@UPSTREAM_SERVERS@": "server 127.0.0.1:8001;",
        "@SERVER_NAMES@": "localhost 127.0.0.1",
        "@STATIC_ROOT@": str(tmp_path / "static"),
        "@MEDIA_ROOT@": str(tmp_path / "media"),
    }
    config = (DEPLOY / "nginx" / "local.conf.template").read_text()
    for placeholder, value in values.items():
        config = config.replace(placeholder, value)
    (tmp_path / "nginx.conf").write_text(config)

    result = nginx_test(tmp_path / "nginx.conf", tmp_path)

    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr


def systemd_units_here(folder):
    """Copies of deploy/systemd/ whose paths point at this checkout, where the programs exist."""
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/srv/newsroom/app/.venv", str(Path(sys.prefix)))
        (folder / unit.name).write_text(text.replace("/srv/newsroom/app", str(BASE_DIR)))
    return sorted(folder.iterdir())


@needs_systemd_analyze
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    units = systemd_units_here(tmp_path)

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    # Unknown keys and bad values are warnings (exit 0): none is accepted either.
    assert result.stderr == "" and result.stdout == ""


def test_the_app_unit_loads_new_code_by_restarting_not_reloading():
    # gunicorn preloads the application in its master: a HUP reload would keep the old code.
    unit = (DEPLOY / "systemd" / "newsroom.service").read_text()

    assert "ExecReload" not in unit
    assert "systemctl restart newsroom" in unit


def test_the_publishing_unit_and_cron_run_commands_that_exist():
    commands = get_commands()
    lines = [
        (DEPLOY / "systemd" / "newsroom-publish.service").read_text(),
        (DEPLOY / "cron.example").read_text(),
    ]
    named = re.findall(r"manage\.py (\w+)", "\n".join(lines))

    assert set(named) >= {"publish_scheduled_articles", "delete_orphan_image_files"}
    assert [name for name in named if name not in commands] == []


CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def cron_field_is_valid(field, low, high):
    for part in field.split(","):
        value, _, step = part.partition("/")
        if step and not step.isdigit():
            return False
        if value == "*":
            continue
        first, _, last = value.partition("-")
        bounds = [first, last] if last else [first]
        if not all(b.isdigit() and low <= int(b) <= high for b in bounds):
            return False
    return True


def test_every_cron_line_parses():
    lines = [
        line
        for line in (DEPLOY / "cron.example").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

    assert lines
    for line in lines:
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        for field, (low, high) in zip(fields[:5], CRON_RANGES, strict=True):
            assert cron_field_is_valid(field, low, high), (field, line)
        # cron runs the command with /bin/sh: it must at least parse there.
        assert subprocess.run(["sh", "-n", "-c", fields[5]]).returncode == 0, line


def test_the_gunicorn_settings_load_with_the_application(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    result = subprocess.run(
        [
            str(Path(sys.prefix) / "bin" / "gunicorn"),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "newsroom.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr + result.stdout
