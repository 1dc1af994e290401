"""Insights over the API: list them (brought up to date first) and answer one."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from yourside.api.crud import owner_of
from yourside.errors import UserError
from yourside.insights.models import Insight
from yourside.insights.services import answer_insight, insight_json, keep_current

router = Router(tags=["insights"])


@router.get("/insights", summary="Insights: recurring payments, price rises, deadlines…")
def list_insights(request: HttpRequest, kind: str | None = None) -> list[dict[str, Any]]:
    if kind and kind not in Insight.Kind.values:
        raise UserError(f"kind {kind!r}: use one of {', '.join(Insight.Kind.values)}")
    owner = owner_of(request)
    keep_current(owner, timezone.localdate())
    found = Insight.objects.owned_by(owner).filter(current=True).select_related("vendor")
    if kind:
        found = found.filter(kind=kind)
    return [insight_json(i) for i in found.order_by("kind", "-amount")]


@router.post("/insights/{int:insight_id}/{action}", summary="Confirm, dismiss or snooze an insight")
def answer(request: HttpRequest, insight_id: int, action: str) -> dict[str, Any]:
    insight = get_object_or_404(Insight.objects.owned_by(owner_of(request)), pk=insight_id)
    return insight_json(answer_insight(insight, action, timezone.localdate()))
