"""NEWSROOM_TRUSTED_PROXY_COUNT -> django-axes' ipware settings (newsroom/proxies.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.proxies import axes_ipware_settings

BASE_DIR = Path(__file__).resolve().parents[2]


def test_without_a_proxy_only_the_socket_address_is_read():
    assert axes_ipware_settings(0)["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("REMOTE_ADDR",)


@pytest.mark.parametrize("count", [1, 3])
def test_behind_proxies_only_x_forwarded_for_is_read_counting_from_the_right(count):
    rules = axes_ipware_settings(count)

    assert rules["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("HTTP_X_FORWARDED_FOR",)
    assert rules["AXES_IPWARE_PROXY_COUNT"] == count - 1
    assert rules["IPWARE_STRICT"] is False


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_bad_count_stops_the_start_with_the_variable_named(value):
    env = {key: val for key, val in os.environ.items() if not key.startswith("NEWSROOM_")}
    env.update(DJANGO_DEBUG="true", NEWSROOM_TRUSTED_PROXY_COUNT=value)

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "NEWSROOM_TRUSTED_PROXY_COUNT" in result.stderr
