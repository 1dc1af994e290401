"""Request and response shapes of the API, derived from the models so they cannot drift."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Field, ModelSchema, Schema
from ninja.pagination import LimitOffsetPagination

from yourside.book.models import Account, Agreement, Holding, Note, Transaction, Vendor
from yourside.cases.models import Case, CaseEvent

PROVENANCE = ["id", "source", "source_ref", "created_at", "updated_at"]
# The largest id (and offset) the store keeps: a bigger number in a query is a 422, not a 500.
MAX_ID = 2**63 - 1
MAX_PAGE = 10_000


class VendorIn(ModelSchema):
    aliases: list[str] = []  # other names statements use for the vendor

    class Meta:
        model = Vendor
        fields = [
            "name",
            "aliases",
            "website",
            "country",
            "category",
            "email",
            "phone",
            "address",
            "privacy_email",
        ]


class VendorOut(ModelSchema):
    aliases: list[str]

    class Meta:
        model = Vendor
        exclude = ["owner"]


# Foreign keys are given as ids under the field's own name, the same way the responses show them.


class AccountIn(ModelSchema):
    institution: int | None = None

    class Meta:
        model = Account
        fields = ["name", "kind", "institution", "currency", "number_hint"]


class AccountOut(ModelSchema):
    class Meta:
        model = Account
        exclude = ["owner"]


class TransactionIn(ModelSchema):
    account: int
    vendor: int | None = None

    class Meta:
        model = Transaction
        fields = ["account", "date", "amount", "currency", "description", "vendor"]


class TransactionOut(ModelSchema):
    class Meta:
        model = Transaction
        exclude = ["owner"]


class AgreementIn(ModelSchema):
    vendor: int

    class Meta:
        model = Agreement
        fields = [
            "vendor",
            "name",
            "kind",
            "price",
            "currency",
            "billing_cycle",
            "start_date",
            "term_months",
            "auto_renews",
            "renewal_months",
            "notice",
            "notice_unit",
            "status",
        ]


class AgreementOut(ModelSchema):
    cancel_by: date | None = None
    # The renewal that notice by ``cancel_by`` stops: ``next_renewal``, or the one after it once
    # the next one's notice date has passed.
    cancel_by_stops: date | None = None
    next_renewal: date | None = None

    class Meta:
        model = Agreement
        exclude = ["owner"]

    @staticmethod
    def resolve_cancel_by(obj: Agreement) -> date | None:
        return obj.cancel_by(timezone.localdate())

    @staticmethod
    def resolve_cancel_by_stops(obj: Agreement) -> date | None:
        return obj.renewal_stopped_by_notice(timezone.localdate())

    @staticmethod
    def resolve_next_renewal(obj: Agreement) -> date | None:
        return obj.next_renewal(timezone.localdate())


class HoldingIn(ModelSchema):
    vendor: int | None = None

    class Meta:
        model = Holding
        fields = [
            "name",
            "kind",
            "vendor",
            "manufacturer",
            "serial_number",
            "purchase_date",
            "purchase_price",
            "currency",
            "warranty_end",
        ]


class HoldingOut(ModelSchema):
    class Meta:
        model = Holding
        exclude = ["owner"]


class NoteIn(ModelSchema):
    vendor: int | None = None

    class Meta:
        model = Note
        fields = ["vendor", "title", "body", "written_on"]


class NoteOut(ModelSchema):
    class Meta:
        model = Note
        exclude = ["owner"]


class CaseEventOut(ModelSchema):
    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "date", "note"]


class CaseOut(ModelSchema):
    events: list[CaseEventOut]

    class Meta:
        model = Case
        exclude = ["owner"]


class VendorFilters(Schema):
    q: str | None = None


class TransactionFilters(Schema):
    account: int | None = Field(None, ge=1, le=MAX_ID)
    vendor: int | None = Field(None, ge=1, le=MAX_ID)
    since: date | None = None
    until: date | None = None


class Message(Schema):
    detail: str


class Page(LimitOffsetPagination):
    """``limit`` and ``offset`` query parameters, bounded: at most 10,000 records a page."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_ID)
