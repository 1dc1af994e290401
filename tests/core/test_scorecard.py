from __future__ import annotations

from datetime import date

from yourside.core.scorecard import CaseFacts, score

TODAY = date(2026, 6, 1)


def facts(
    sent: date | None = date(2026, 1, 1),
    due: date | None = date(2026, 2, 1),
    response: date | None = None,
    outcome: str = "",
    escalated: bool = False,
    closed: bool = False,
) -> CaseFacts:
    return CaseFacts(sent, due, response, outcome, escalated, closed)


def test_median_response_time() -> None:
    card = score(
        [
            facts(response=date(2026, 1, 11)),
            facts(response=date(2026, 1, 31)),
            facts(response=date(2026, 1, 5)),
        ],
        TODAY,
    )
    assert card.median_response_days == 10


def test_a_late_answer_and_no_answer_both_miss_the_deadline() -> None:
    card = score(
        [facts(response=date(2026, 2, 10)), facts(), facts(response=date(2026, 1, 20))], TODAY
    )
    assert card.deadlines_missed == 2


def test_an_open_case_not_yet_due_has_not_missed() -> None:
    assert score([facts(due=date(2026, 7, 1))], TODAY).deadlines_missed == 0


def test_favour_rate_counts_decided_cases_only() -> None:
    card = score([facts(outcome="favourable"), facts(outcome="unfavourable"), facts()], TODAY)
    assert (card.resolved_in_favour, card.decided, card.favour_rate) == (1, 2, 0.5)


def test_escalations_and_drafts() -> None:
    card = score([facts(escalated=True), facts(sent=None, due=None)], TODAY)
    assert (card.escalations, card.sent, card.cases) == (1, 1, 2)
    assert card.median_response_days is None
