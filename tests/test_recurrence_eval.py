"""The accuracy targets of docs/ACCURACY-recurrence.md, measured by scripts/eval_recurrence.py.

The script is the evaluation (it prints the figures); these tests hold it to the targets. Speed is
measured by the script only, never asserted here: a timed test fails on a busy machine.

PKDD'99 goes through the product: statements written, imported and the insights refreshed in the
test database, inside a transaction that is rolled back once the figures are read, so no other test
sees its 1,229 customers. It takes about a minute.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest
from django.db import transaction

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core.household import SEED, generate_household

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_recurrence.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_recurrence", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


evaluation = _load_script()


_Test = TypeVar("_Test", bound=Callable[..., None])


def pkdd99_test(test: _Test) -> _Test:
    """Reads the shared data; the test database must exist (pytest-django creates it only for
    tests marked as using it), the module's fixture fills it once; about a minute."""
    for mark in (pytest.mark.slow, pytest.mark.django_db, needs_shared_data):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def pkdd99(django_db_setup: None, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), transaction.atomic():
        result = evaluation.evaluate_pkdd99(SHARED_DATA / "pkdd99")
        transaction.set_rollback(True)
    return result


@pkdd99_test
def test_pkdd99_import_keeps_every_line_and_payee(pkdd99: Any) -> None:
    pipeline = pkdd99.pipeline
    assert (pipeline.lost, pkdd99.mixed) == ([], [])
    assert pipeline.lines_imported == pkdd99.payments == 49_102
    assert pipeline.statements == pipeline.customers == pkdd99.accounts == 1_229


@pkdd99_test
def test_pkdd99_recall_is_at_least_95_percent(pkdd99: Any) -> None:
    assert pkdd99.recall >= 0.95


@pkdd99_test
def test_pkdd99_precision_is_at_least_95_percent(pkdd99: Any) -> None:
    assert pkdd99.precision >= 0.95


@pkdd99_test
def test_pkdd99_recall_and_precision_per_k_symbol_are_at_least_95_percent(pkdd99: Any) -> None:
    scope, found = pkdd99.scope, pkdd99.found
    ok, detected = pkdd99.series_ok, pkdd99.series_all
    assert {k: found[k] / scope[k] >= 0.95 for k in scope} == dict.fromkeys(scope, True)
    assert {k: ok[k] / detected[k] >= 0.95 for k in scope} == dict.fromkeys(scope, True)


@pkdd99_test
def test_pkdd99_scope_is_the_documented_one(pkdd99: Any) -> None:
    assert pkdd99.orders_in_scope == 922


@pkdd99_test
def test_pkdd99_statement_fees_are_monthly_on_the_last_day(pkdd99: Any) -> None:
    charges = pkdd99.bank_charges
    assert pkdd99.bank_charges_as_described == len(charges) > 0


@pkdd99_test
def test_pkdd99_through_the_import_finds_what_detection_finds_directly(pkdd99: Any) -> None:
    direct = pkdd99.direct
    assert (pkdd99.found, pkdd99.series_ok) == (direct.found, direct.series_ok)
    assert pkdd99.series_all == direct.series_all


def test_household_precision_and_recall_are_at_least_97_percent() -> None:
    result = evaluation.evaluate_household(generate_household(SEED))
    assert (result.recall >= 0.97, result.precision >= 0.97) == (True, True), result


def test_household_price_changes_and_ends_are_right() -> None:
    result = evaluation.evaluate_household(generate_household(SEED))
    assert result.changes_right == result.changes_labelled > 0
    assert result.status_right == result.kind_right == result.matched


def test_other_households_stay_above_97_percent() -> None:
    results = [evaluation.evaluate_household(generate_household(seed)) for seed in range(20)]
    matched = sum(r.matched for r in results)
    assert matched / sum(r.labelled for r in results) >= 0.97
    assert matched / sum(r.detected for r in results) >= 0.97
