"""What an import run did, counted and described for the operator."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Failure:
    location: str
    message: str

    def __str__(self):
        return f"{self.location}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    # Articles changed in the CMS since their last import, whose changed source was not
    # applied: (article id, source id) pairs.
    left_alone: list[tuple[int, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # Everything else worth telling: "pages", "attachments", "comments", "redirects created"…
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    rolled_back: bool = False

    @property
    def failed(self):
        return len(self.failures)

    def fail(self, location, message):
        self.failures.append(Failure(location, str(message)))

    @property
    def exit_code(self):
        """0: all went in; 1: some items failed, the rest went in; 2: nothing was written."""
        if not self.failures:
            return 0
        if self.rolled_back or not (
            self.created or self.updated or self.unchanged or self.skipped or self.left_alone
        ):
            return 2
        return 1

    def summary_line(self):
        line = (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )
        if self.left_alone:
            line += f", changed here and left alone {len(self.left_alone)}"
        return line

    def lines(self):
        """The report an operator reads, one fact per line."""
        head = "Dry run (nothing written): " if self.dry_run else ""
        out = [head + self.summary_line()]
        out.extend(f"  {name}: {count}" for name, count in sorted(self.counts.items()))
        if self.left_alone:
            out.append(
                "  changed here since the last import, left alone (article id: source id; "
                "--overwrite-local-changes replaces their content): "
                + ", ".join(f"{pk}: {source_id}" for pk, source_id in self.left_alone)
            )
        out.extend(f"  {note}" for note in self.notes)
        out.extend(f"FAILED {failure}" for failure in self.failures)
        if self.rolled_back and not self.dry_run:
            out.append("--atomic: an item failed, so the whole run was rolled back.")
        return out
