"""A NEWSROOM_PURGE_HOOK for stack tests: appends each purge's keys, one line per call, to the
file named by NEWSROOM_TEST_PURGE_LOG (a side effect that shows how often it ran)."""

import os


def record(keys):
    with open(os.environ["NEWSROOM_TEST_PURGE_LOG"], "a") as log:
        log.write(" ".join(keys) + "\n")
