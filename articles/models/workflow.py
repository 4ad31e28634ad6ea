"""The editorial workflow as one table: each action, the statuses it starts from, where it
leads, and who may take it.

The services (articles/services/workflow.py) check a move and its permission against this table, the
admin's buttons and bulk actions offer what it allows, and the preview views ask `PREVIEW`.
Nothing here queries: whether a reporter owns an article is answered by
articles/services/permissions.py, which applies these rules to a person.

Which status may follow which (`STATUS_GRAPH`) is derived from the actions, so a move exists
exactly when some action makes it:
- scheduled -> scheduled: rescheduling to another time;
- scheduled -> draft: an editor pulls a scheduled article back for more work;
- scheduled -> archived: it is called off (the scheduler also takes down an expired one);
- archived -> draft: the republish path. A taken-down article never goes straight back
  online; it returns to draft and goes through review again, leaving a trail.
The scheduler (`publish_scheduled_articles`) acts for nobody: it makes only the publish and
take-down moves of this graph, with no permission check.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from articles.models.article import Status


@dataclass(frozen=True)
class Rule:
    """Who may: holders of `permission` on any article; holders of `own_permission` (when
    set) on the articles they created or sign."""

    permission: str
    own_permission: str = ""


@dataclass(frozen=True)
class WorkflowAction:
    name: str
    sources: frozenset  # statuses the action starts from
    target: str | None  # the status it leads to; None for a notice that moves nothing
    rule: Rule
    refusal: str  # what a person without the permission is told


EDITORS = "articles.review_article"
PUBLISHERS = "articles.publish_article"
REPORTERS = "articles.change_article"

WORKFLOW = {
    action.name: action
    for action in [
        WorkflowAction(
            "submit",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            Rule(EDITORS, own_permission=REPORTERS),
            _("You may only submit your own articles for review."),
        ),
        WorkflowAction(
            "return_to_draft",
            frozenset({Status.IN_REVIEW, Status.SCHEDULED, Status.ARCHIVED}),
            Status.DRAFT,
            Rule(EDITORS),
            _("Only editors can send an article back to draft."),
        ),
        # Scheduling for a time already come publishes at once (the services say so).
        WorkflowAction(
            "schedule",
            frozenset({Status.IN_REVIEW, Status.SCHEDULED}),
            Status.SCHEDULED,
            Rule(PUBLISHERS),
            _("Only editors can schedule, publish or take down articles."),
        ),
        WorkflowAction(
            "publish",
            frozenset({Status.IN_REVIEW, Status.SCHEDULED}),
            Status.PUBLISHED,
            Rule(PUBLISHERS),
            _("Only editors can schedule, publish or take down articles."),
        ),
        WorkflowAction(
            "archive",
            frozenset({Status.PUBLISHED, Status.SCHEDULED}),
            Status.ARCHIVED,
            Rule(PUBLISHERS),
            _("Only editors can schedule, publish or take down articles."),
        ),
        # A correction, clarification or right of reply: shown to readers, no move.
        WorkflowAction(
            "correct",
            frozenset({Status.PUBLISHED}),
            None,
            Rule(PUBLISHERS),
            _("Only editors can add corrections."),
        ),
    ]
}

# Who may see an article before readers do (the staff preview, the preview-link button).
PREVIEW = Rule(EDITORS, own_permission=REPORTERS)

# Live coverage (articles/services/live.py). Entries are posted, edited, withdrawn and pinned
# while the article is published, which a reporter may no longer edit: reporters act on the
# live blogs of the articles they created or sign, editors on every one. Starting and ending
# the coverage changes how the article is presented and described to search engines: editors.
LIVE_ENTRIES = Rule(EDITORS, own_permission=REPORTERS)
LIVE_COVERAGE = Rule(EDITORS)
# Changing an entry someone else posted (edit, withdraw, pin): editors. A reporter changes only
# their own, so nobody's words are rewritten under their name.
LIVE_OTHERS_ENTRIES = Rule(EDITORS)


def _status_graph():
    graph = {status: set() for status in Status}
    for action in WORKFLOW.values():
        if action.target is not None:
            for source in action.sources:
                graph[source].add(action.target)
    return {status: frozenset(targets) for status, targets in graph.items()}


# status -> the statuses that may follow it.
STATUS_GRAPH = _status_graph()


def can_move(current, target):
    """Whether the workflow allows an article to go from `current` to `target`."""
    return target in STATUS_GRAPH.get(current, frozenset())
