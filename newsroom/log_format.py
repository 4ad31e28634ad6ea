"""Log formats: plain lines for people, one JSON object per line for machines.

`DJANGO_LOG_FORMAT=json` selects `JsonFormatter` (newsroom/settings.py, "Logging"). It is a
few lines of the standard library rather than python-json-logger: the fields are ours to choose
and a dependency would add nothing but a name.
"""

import json
import logging
from datetime import UTC, datetime

# The request log's fields (newsroom/request_log.py), copied into the object when present.
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None and value != "-":
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
