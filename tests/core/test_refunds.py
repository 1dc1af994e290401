"""Refunds promised and never received, matched against the credits that did arrive."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yourside.core.recurrence import Payment
from yourside.core.refunds import Promise, PromiseKind, refunds_owed
from yourside.core.wording import render

ON = date(2024, 3, 4)
TODAY = date(2024, 4, 30)


def promise(
    id: str = "p",
    amount: str | None = "59.90",
    on: date = ON,
    due_by: date | None = None,
    vendor: str = "zalando",
    kind: PromiseKind = "return",
) -> Promise:
    return Promise(id, vendor, None if amount is None else Decimal(amount), on, due_by, kind)


def credit(id: str, day: date, amount: str = "59.90", vendor: str = "zalando") -> Payment:
    return Payment(id, "current", day, Decimal(amount), vendor)


def test_promise_without_credit_past_its_due_date_is_owed() -> None:
    (owed,) = refunds_owed([promise(due_by=date(2024, 3, 20))], [], today=TODAY).owed
    assert (owed.promise_id, owed.amount, owed.overdue_days) == ("p", Decimal("59.90"), 41)


def test_due_date_defaults_to_two_weeks_after_the_promise() -> None:
    report = refunds_owed([promise()], [], today=ON + timedelta(days=14))
    assert [p.id for p in report.waiting] == ["p"]
    (owed,) = refunds_owed([promise()], [], today=ON + timedelta(days=15)).owed
    assert owed.overdue_days == 1


def test_explanation_names_amount_and_dates_but_no_payee_key() -> None:
    (owed,) = refunds_owed([promise()], [], today=TODAY).owed
    assert render(owed.explanation, "en_GB").startswith(
        "They promised 59.90 back for the returned order on 4 Mar 2024, due by 18 Mar 2024."
    )
    assert "59,90 back for the returned order on 04.03.2024" in render(owed.explanation, "de_DE")
    assert "43 days overdue" in owed.explanation


def test_matching_credit_settles_the_promise() -> None:
    report = refunds_owed([promise()], [credit("c", date(2024, 3, 11))], today=TODAY)
    assert report.owed == []
    (match,) = report.matched
    assert (match.promise_id, match.txn_id, match.received_on) == ("p", "c", date(2024, 3, 11))


def test_credit_of_another_amount_does_not_settle() -> None:
    report = refunds_owed([promise()], [credit("c", date(2024, 3, 11), "19.90")], today=TODAY)
    assert [o.promise_id for o in report.owed] == ["p"]


def test_any_credit_settles_a_promise_without_amount() -> None:
    report = refunds_owed([promise(amount=None)], [credit("c", ON, "7.45")], today=TODAY)
    assert [m.amount for m in report.matched] == [Decimal("7.45")]


def test_credit_before_the_promise_does_not_settle() -> None:
    report = refunds_owed([promise()], [credit("c", ON - timedelta(days=1))], today=TODAY)
    assert len(report.owed) == 1


def test_credit_from_another_vendor_does_not_settle() -> None:
    report = refunds_owed([promise()], [credit("c", ON, vendor="otto")], today=TODAY)
    assert len(report.owed) == 1


def test_charge_of_the_amount_is_not_a_refund() -> None:
    report = refunds_owed([promise()], [credit("c", ON, "-59.90")], today=TODAY)
    assert len(report.owed) == 1


def test_credit_long_after_the_due_date_does_not_settle() -> None:
    late = credit("c", ON + timedelta(days=14 + 61))
    report = refunds_owed([promise()], [late], today=late.date)
    assert len(report.owed) == 1


def test_each_credit_settles_one_promise() -> None:
    report = refunds_owed(
        [promise("p1"), promise("p2", on=ON + timedelta(days=1))],
        [credit("c", ON + timedelta(days=5))],
        today=TODAY,
    )
    assert ([m.promise_id for m in report.matched], [o.promise_id for o in report.owed]) == (
        ["p1"],
        ["p2"],
    )


def test_promise_with_an_amount_chooses_its_credit_first() -> None:
    # The case without an amount is older, but the credit of 59.90 is clearly the return's.
    report = refunds_owed(
        [promise("case", amount=None, on=ON - timedelta(days=3), kind="case"), promise("ret")],
        [credit("exact", ON + timedelta(days=2)), credit("other", ON + timedelta(days=4), "12.00")],
        today=TODAY,
    )
    assert {(m.promise_id, m.txn_id) for m in report.matched} == {
        ("ret", "exact"),
        ("case", "other"),
    }


def test_credit_after_today_is_not_counted() -> None:
    report = refunds_owed([promise()], [credit("c", TODAY + timedelta(days=1))], today=TODAY)
    assert len(report.owed) == 1


# --- properties -----------------------------------------------------------------------------------

amounts = st.sampled_from(["59.90", "19.90", "7.45", None])


@given(
    st.lists(st.tuples(amounts, st.integers(0, 60)), max_size=12),
    st.lists(
        st.tuples(st.sampled_from(["59.90", "19.90", "-59.90"]), st.integers(0, 90)), max_size=12
    ),
)
def test_every_promise_is_owed_matched_or_waiting_and_credits_used_once(
    promised: list[tuple[str | None, int]], booked: list[tuple[str, int]]
) -> None:
    promises = [promise(f"p{k}", a, ON + timedelta(days=d)) for k, (a, d) in enumerate(promised)]
    credits = [credit(f"c{k}", ON + timedelta(days=d), a) for k, (a, d) in enumerate(booked)]
    report = refunds_owed(promises, credits, today=ON + timedelta(days=60))
    ids = [o.promise_id for o in report.owed] + [m.promise_id for m in report.matched]
    ids += [p.id for p in report.waiting]
    assert sorted(ids) == sorted(p.id for p in promises)
    used = [m.txn_id for m in report.matched]
    assert len(used) == len(set(used))
