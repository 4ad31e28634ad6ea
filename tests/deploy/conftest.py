from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # Everything here starts the shipped stack or the system's own tools: `make test-quick`
    # leaves it out (-m "not deploy").
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.deploy)
