"""The read-only pages: home, lists, and the vendor page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    Func,
    Q,
    QuerySet,
    Sum,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from yourside.book.models import TRANSFERS, Account, Agreement, Holding, Transaction, Vendor
from yourside.book.search import text_contains
from yourside.cases.models import Case
from yourside.cases.scorecards import scorecards
from yourside.core.recurrence import Payment
from yourside.core.spend import monthly_totals
from yourside.core.trends import spend_by_period, trend
from yourside.errors import UserError
from yourside.insights.models import Insight
from yourside.insights.services import (
    UnknownAction,
    answer_insight,
    attention_feed,
    keep_current,
)
from yourside.web.charts import HEIGHT, WIDTH, chart_top, price_history, spend_bars
from yourside.web.forms import NoteForm
from yourside.web.views.common import owner_of as _owner

# Which case an insight leads to, when the customer wants to act on it.
CASE_KIND = {
    "recurring": "cancellation",
    "price-rise": "price-rise",
    "fee": "complaint",
    "duplicate": "refund",
    "refund": "refund",
    "deadline": "cancellation",
}


def _case_link(insight: Insight) -> tuple[str, str] | None:
    """Where acting on an insight starts, and what the link says: the case already open for a
    reply that is due or a refund it promised; else a new case of the kind the insight calls for
    (a warranty ending, a warranty claim; a cancel-by date, a cancellation)."""
    data = insight.data or {}
    if data.get("case"):  # a reply due, a refund promised in it: the case there is
        return reverse("case", args=[data["case"]]), "Open the case"
    if not insight.vendor_id:
        return None
    kind = CASE_KIND.get(insight.kind, "inquiry")
    query = {"vendor": insight.vendor_id, "kind": kind}
    if data.get("holding"):
        query["kind"] = "warranty"
        query["holding"] = data["holding"]
    if data.get("agreement"):
        query["agreement"] = data["agreement"]
    return f"{reverse('case-new')}?{urlencode(query)}", "Open a case"


def today() -> date:
    return timezone.localdate()


FEED_LENGTH = 20  # the most pressing; the page says how many more there are


def home(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    now = today()
    agreements = list(
        Agreement.objects.owned_by(owner)
        .filter(status=Agreement.Status.ACTIVE)
        .select_related("vendor")
    )
    deadlines = []
    for agreement in agreements:
        cancel_by = agreement.cancel_by(now)
        if cancel_by is not None and cancel_by <= now + timedelta(days=60):
            deadlines.append((cancel_by, agreement))
    deadlines.sort(key=lambda pair: pair[0])
    warranties = (
        Holding.objects.owned_by(owner)
        .filter(warranty_end__gte=now, warranty_end__lte=now + timedelta(days=120))
        .select_related("vendor")
        .order_by("warranty_end")
    )
    yearly: dict[str, Decimal] = {}
    for agreement in agreements:
        yearly[agreement.currency] = yearly.get(agreement.currency, Decimal(0)) + (
            agreement.yearly_cost()
        )
    # What depends on the date is looked at again on the day's first visit; later, the deadlines.
    keep_current(owner, now)
    pressing = attention_feed(owner, now, limit=None)
    feed = pressing[:FEED_LENGTH]
    evidence_ids = {int(pk) for insight in feed for pk in insight.evidence[-6:]}
    evidence = {
        t.pk: t
        for t in Transaction.objects.owned_by(owner)
        .filter(pk__in=evidence_ids)
        .select_related("account")
    }
    for insight in feed:
        insight.rows = [evidence[int(pk)] for pk in insight.evidence[-6:] if int(pk) in evidence]  # type: ignore[attr-defined]
        insight.case_link = _case_link(insight)  # type: ignore[attr-defined]
    context = {
        "today": now,
        "feed": feed,
        "feed_more": len(pressing) - len(feed),
        "vendor_count": Vendor.objects.owned_by(owner).count(),
        "agreement_count": len(agreements),
        "yearly": sorted(yearly.items()),
        "deadlines": deadlines,
        "warranties": warranties,
        "open_cases": Case.objects.owned_by(owner)
        .exclude(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])
        .select_related("vendor")[:10],
        "recent": Transaction.objects.owned_by(owner).select_related("vendor", "account")[:10],
    }
    return render(request, "web/home.html", context)


VENDORS_PER_PAGE = 100


def vendor_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    query = request.GET.get("q", "").strip()
    vendors = Vendor.objects.owned_by(owner)
    if query:
        vendors = vendors.filter(
            text_contains("name", query)
            | text_contains("aliases", query, names=True)
            | text_contains("website", query)
        )
    page = Paginator(vendors, VENDORS_PER_PAGE).get_page(request.GET.get("page"))
    # Counted for the page shown, through the vendor indexes: counting every vendor's lines with
    # a join would read the whole book for a list of names.
    shown = [v.pk for v in page.object_list]
    lines, agreements = _per_vendor(Transaction, shown), _per_vendor(Agreement, shown)
    for vendor in page.object_list:
        vendor.transaction_count = lines.get(vendor.pk, 0)  # type: ignore[attr-defined]
        vendor.agreement_count = agreements.get(vendor.pk, 0)  # type: ignore[attr-defined]
    context = {"vendors": page.object_list, "page": page, "query": query}
    # htmx asks for the table alone while the customer types in the search box.
    template = "web/_vendor_rows.html" if request.headers.get("HX-Request") else "web/vendors.html"
    return render(request, template, context)


def _per_vendor(model: type[Transaction | Agreement], vendor_ids: list[int]) -> dict[int, int]:
    """How many records of ``model`` each of these vendors has; a vendor with none is absent."""
    return dict(
        model.objects.filter(vendor_id__in=vendor_ids)
        .order_by()
        .values("vendor_id")
        .annotate(n=Count("pk"))
        .values_list("vendor_id", "n")
    )


def vendor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=pk)
    now = today()
    transactions = Transaction.objects.owned_by(owner).filter(vendor=vendor)
    year_ago = now - timedelta(days=365)
    # Moves between the customer's own accounts (a card bill settled) are listed, not summed.
    counted = transactions.exclude(TRANSFERS)
    months = by_month(counted)
    moved = transactions.filter(TRANSFERS).count()
    spent: dict[str, Decimal] = {}
    for month in months:
        if month.out:
            spent[month.currency] = spent.get(month.currency, Decimal(0)) - month.total
    spent_year = (
        counted.filter(amount__lt=0, date__gt=year_ago, date__lte=now)
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    amounts = [(month.start, month.total) for month in months]
    totals = monthly_totals(amounts, last_month=now, months=24)
    payments = [Payment(str(i), "", day, amount, "v") for i, (day, amount) in enumerate(amounts)]
    monthly = spend_by_period(payments, "month").get("v", [])
    yearly = spend_by_period(payments, "year").get("v", [])
    agreements = [
        (a, a.cancel_by(now), a.next_renewal(now), a.renewal_stopped_by_notice(now))
        for a in vendor.agreements.filter(owner=owner)
    ]
    context = {
        "vendor": vendor,
        "today": now,
        "spent": sorted(spent.items()),
        "spent_year": [(row["currency"], -row["total"]) for row in spent_year],
        "transaction_count": sum(month.lines for month in months) + moved,
        "transfer_count": moved,
        "recent": transactions.select_related("account")[:15],
        "bars": spend_bars(totals) if any(t.spent for t in totals) else [],
        # Whole months: this month has only begun, and would read as spending less.
        "trend": trend(monthly, as_of=now.replace(day=1) - timedelta(days=1)) if monthly else None,
        "years": yearly[-4:],
        "chart_top": chart_top(totals),
        "chart_width": WIDTH,
        "chart_height": HEIGHT,
        "chart_currency": vendor.transactions.values_list("currency", flat=True).first() or "EUR",
        "agreements": agreements,
        "holdings": vendor.holdings.filter(owner=owner),
        "orders": vendor.orders.filter(owner=owner).prefetch_related("items")[:10],
        "cases": vendor.cases.filter(owner=owner),
        "terms": vendor.terms.filter(owner=owner).first(),
        "notes": vendor.notes.filter(owner=owner),
        "documents": vendor.documents.filter(owner=owner).defer("content"),
        "note_form": NoteForm(owner=owner, initial={"vendor": vendor.pk}),
        "others": Vendor.objects.owned_by(owner).exclude(pk=vendor.pk).only("pk", "name"),
        "scorecard": next(iter(scorecards(owner, now, vendor)), (None, None))[1],
        "insights": _vendor_insights(owner, vendor),
    }
    return render(request, "web/vendor.html", context)


class MonthSum(NamedTuple):
    """A month's money out (``out``) or in, in one currency: the signed sum, how many lines."""

    start: date  # the month's first day
    out: bool
    currency: str
    total: Decimal
    lines: int


class _Month(Func):
    """A date's year and month as text, ``2026-03``. PostgreSQL's ``to_char``, whatever the
    server's DateStyle (a date cast to text follows it: ``15.03.2026`` under German); on SQLite
    the first seven characters of the ISO text it keeps a date as (Django's ``TruncMonth`` there
    is a Python function called for every line)."""

    template = "to_char(%(expressions)s, 'YYYY-MM')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)


def by_month(transactions: QuerySet[Transaction]) -> list[MonthSum]:
    """The lines' money out and money in per month and currency, in month order: all that the
    vendor page's totals, chart, trend and yearly figures add up. Summed by the database: a
    supermarket's page would otherwise read tens of thousands of lines to draw two dozen bars."""
    rows = (
        transactions.order_by()
        .annotate(
            month=_Month("date"),
            out=ExpressionWrapper(Q(amount__lt=0), output_field=BooleanField()),
        )
        .values("month", "out", "currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .values_list("month", "out", "currency", "total", "count")
    )
    return sorted(
        MonthSum(date(int(month[:4]), int(month[5:7]), 1), bool(out), currency, total, lines)
        for month, out, currency, total, lines in rows
    )


def _vendor_insights(owner: User, vendor: Vendor) -> list[Insight]:
    """The vendor's current insights; each subscription with the chart of its price history."""
    insights = list(
        Insight.objects.owned_by(owner)
        .filter(vendor=vendor, current=True)
        .exclude(status=Insight.Status.DISMISSED)
        .order_by("kind", "-amount")
    )
    for insight in insights:
        chart = None
        if insight.kind == Insight.Kind.RECURRING and insight.evidence:
            rows = (
                Transaction.objects.owned_by(owner)
                .filter(pk__in=[int(pk) for pk in insight.evidence])
                .values_list("date", "amount")
            )
            chart = price_history(list(rows))
        insight.chart = chart  # type: ignore[attr-defined]
    return insights


def account_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    accounts = (
        Account.objects.owned_by(owner)
        .select_related("institution")
        .annotate(transaction_count=Count("transactions"), balance=Sum("transactions__amount"))
    )
    return render(request, "web/accounts.html", {"accounts": accounts})


def agreement_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    now = today()
    rows = [
        (a, a.cancel_by(now)) for a in Agreement.objects.owned_by(owner).select_related("vendor")
    ]
    return render(request, "web/agreements.html", {"rows": rows, "today": now})


def holding_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    holdings = Holding.objects.owned_by(owner).select_related("vendor")
    return render(request, "web/holdings.html", {"holdings": holdings, "today": today()})


def transaction_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    transactions = Transaction.objects.owned_by(owner).select_related("vendor", "account")
    query = request.GET.get("q", "").strip()
    if query:
        transactions = transactions.filter(
            text_contains("description", query) | text_contains("vendor__name", query)
        )
    vendor = None
    if request.GET.get("vendor", "").isdigit():
        vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=request.GET["vendor"])
        transactions = transactions.filter(vendor=vendor)
    page = Paginator(transactions, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "vendor": vendor,
        "vendors": Vendor.objects.owned_by(owner).only("pk", "name"),
    }
    return render(request, "web/transactions.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def scorecard_list(request: HttpRequest) -> HttpResponse:
    cards = scorecards(_owner(request), today())
    return render(request, "web/scorecards.html", {"cards": cards})


def insight_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    insight = get_object_or_404(Insight.objects.owned_by(_owner(request)), pk=pk)
    try:
        answer_insight(insight, action, today())
    except UnknownAction as error:  # an action no button sends
        return HttpResponse(escape(str(error)), status=400)
    except UserError as error:  # a series that cannot be recorded as it is
        if request.headers.get("HX-Request"):
            return HttpResponse(
                f'<p class="error" role="alert">{escape(str(error))}</p>', status=422
            )
        messages.error(request, str(error))
        return redirect("home")
    if request.headers.get("HX-Request"):
        words = {"confirm": "Confirmed", "dismiss": "Dismissed", "snooze": "Snoozed for 30 days"}
        said = f"{words.get(action, 'Done')}: {escape(insight.shown_title)}"
        return HttpResponse(f'<p class="muted" role="status">{said}</p>')
    return redirect("home")
