"""Every command of the project explains itself: `manage.py help <command>` never crashes."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_COMMANDS = sorted(
    (app, name) for name, app in get_commands().items() if app in ("articles", "authors")
)


def test_the_project_has_its_commands():
    names = {name for _app, name in PROJECT_COMMANDS}
    assert {"import_text", "import_wxr", "publish_scheduled_articles"} <= names


@pytest.mark.parametrize(("app", "name"), PROJECT_COMMANDS, ids=lambda value: value)
def test_command_help_is_printable(app, name):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert name in text and len(text) > 100
