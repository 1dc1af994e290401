"""The customer's record of every relationship.

Every row carries its owner and where it came from (its provenance). Queries go through
``Model.objects.owned_by(user)``, never through a bare ``all()``, so that one user's book can never
leak into another's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from babel import Locale
from babel.numbers import list_currencies
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from yourside.core import periods
from yourside.core.descriptors import normalise
from yourside.core.fees import fee_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_M = TypeVar("_M", bound=models.Model)

# Babel lists regions that are not countries too (EU, the UN, "unknown"); addresses need countries.
_COUNTRIES = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str)
    and len(code) == 2
    and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
)
_CURRENCIES = frozenset(list_currencies())


def country_validator(value: str) -> None:
    if value.upper() not in _COUNTRIES:
        raise ValidationError(f"{value!r} is not a country code: use two letters, e.g. DE or GB.")


def currency_validator(value: str) -> None:
    if value.upper() not in _CURRENCIES:
        raise ValidationError(f"{value!r} is not a currency code: use three letters, e.g. EUR.")


class Source(models.TextChoices):
    """Where a record came from."""

    MANUAL = "manual", "Entered by you"
    IMPORT = "import", "Imported"
    VENDOR = "vendor", "Sent by the vendor"


class OwnedQuerySet(models.QuerySet[_M]):
    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> OwnedQuerySet[_M]:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner_id=user.pk)


# A line that is one side of a move between the customer's own accounts (Transaction.transfer).
TRANSFERS = models.Q(transfer__contains=":")


class Owned(models.Model):
    """Owner and provenance, shared by every record of the book."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # Which import batch, vendor connection or file the record came from, in words.
    source_ref = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: Any = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Vendor(Owned):
    class Category(models.TextChoices):
        BANK = "bank", "Bank"
        TELECOM = "telecom", "Telecom"
        STREAMING = "streaming", "Streaming"
        SOFTWARE = "software", "Software"
        INSURANCE = "insurance", "Insurance"
        UTILITY = "utility", "Utility"
        CAR = "car", "Car"
        SHOP = "shop", "Shop"
        GROCERIES = "groceries", "Groceries"
        FITNESS = "fitness", "Fitness"
        TRAVEL = "travel", "Travel"
        FOOD = "food", "Food & drink"
        HOUSING = "housing", "Housing"
        PUBLIC = "public", "Public body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    country = models.CharField(max_length=2, blank=True, validators=[country_validator])
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    privacy_email = models.EmailField(blank=True)

    class Meta:
        ordering = [Lower("name"), "pk"]  # the pk orders names that differ only in case
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="vendor_unique_name_per_owner",
                violation_error_message="You already have a vendor with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # Every import compares its lines with these names: anything but text would stop them.
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": "must be a list of names (text)"})
        self.aliases = [alias.strip() for alias in self.aliases if alias.strip()]


class Account(Owned):
    class Kind(models.TextChoices):
        CHECKING = "checking", "Current / checking"
        SAVINGS = "savings", "Savings"
        CARD = "card", "Credit card"
        LOAN = "loan", "Loan"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHECKING)
    institution = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    currency = models.CharField(max_length=3, default="EUR", validators=[currency_validator])
    # Only the last digits are kept: the book needs to recognise the account, not to pay from it.
    number_hint = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="account_unique_name_per_owner",
                violation_error_message="You already have an account with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Transaction(Owned):
    # No index of its own: the unique (account, fingerprint) index starts with the account.
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="transactions", db_index=False
    )
    date = models.DateField()
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="Negative is money out."
    )
    currency = models.CharField(max_length=3, validators=[currency_validator])
    description = models.CharField(max_length=500)
    # No index of its own: the (vendor, date) index serves lookups by vendor.
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transactions",
        db_index=False,
    )
    batch = models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transactions",
    )
    # The line's identity in its statement (see yourside.core.identity); empty when entered by hand.
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    # Who was paid, as the description names them, cleaned (yourside.core.descriptors.normalise):
    # the lines of one payee not filed under a vendor are still one counterparty to the insights.
    # Not indexed: an index keyed by payee costs an import as much as the lines' own identity
    # index (rows land on random pages), and the insights read the payees of a book in one scan.
    payee = models.CharField(max_length=200, blank=True, editable=False)
    # The kind of bank or card fee the line is (yourside.core.fees.fee_of), "" when it is none:
    # worked out from the description when the line is written, so that the insights total a
    # book's fees from the few lines that are fees (a partial index) instead of reading them all.
    fee = models.CharField(max_length=20, blank=True, editable=False)
    # Money moved between two of the customer's own accounts (yourside.core.transfers): both lines
    # keep the pair's key, "<id of the money out>:<id of the money in>", and count as neither
    # spend nor income. NOT_A_TRANSFER where the customer said the pair was none, so that it is
    # not paired again; "" otherwise.
    # The database's default too: an import writes its rows without this column.
    transfer = models.CharField(
        max_length=41, blank=True, editable=False, default="", db_default=""
    )

    NOT_A_TRANSFER = "no"

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="transaction_unique_line_per_account",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "date"], name="transaction_owner_date"),
            models.Index(fields=["vendor", "date"], name="transaction_vendor_date"),
            models.Index(
                fields=["owner"], condition=~models.Q(fee=""), name="transaction_owner_fees"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency} {self.description}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.payee = normalise(self.description)[:200]
        self.fee = fee_of(self.description, self.amount)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"description", "amount"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "payee", "fee"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # A line dated 9999 (or year 1) is a slip, and would count in every "last 12 months".
        problems = _outside_dates(self, "date")
        if problems:
            raise ValidationError(problems)

    @property
    def is_transfer(self) -> bool:
        """Whether the line is one side of a move between the customer's own accounts."""
        return ":" in self.transfer


class Order(Owned):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="orders")
    number = models.CharField(max_length=100, blank=True)
    date = models.DateField()
    currency = models.CharField(max_length=3, validators=[currency_validator])
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Parcels: [{"number", "carrier", "status", "expected_by", "url"}], from the shop's emails.
    tracking = models.JSONField(default=list, blank=True)
    batch = models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.vendor} order {self.number or self.pk} of {self.date}"


class OrderItem(Owned):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=300)
    sku = models.CharField(max_length=100, blank=True)
    quantity = models.DecimalField(max_digits=10, decimal_places=3, default=Decimal(1))
    unit_price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# Dates of this world: what the book's records may carry.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def _outside_dates(record: models.Model, *names: str) -> dict[str, str]:
    """The named date fields of ``record`` that lie before 1900 or after 2199, with why."""
    return {
        name: f"a date from {EARLIEST.year} to {LATEST.year}"
        for name in names
        if (value := getattr(record, name)) is not None and not EARLIEST <= value <= LATEST
    }


class Holding(Owned):
    class Kind(models.TextChoices):
        PRODUCT = "product", "Product"
        DEVICE = "device", "Connected device"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PRODUCT)
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holdings",
        help_text="Where you bought it.",
    )
    manufacturer = models.CharField(max_length=200, blank=True)
    serial_number = models.CharField(max_length=200, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    purchase_price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR", validators=[currency_validator])
    warranty_end = models.DateField(null=True, blank=True)
    order_item = models.ForeignKey(
        OrderItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="holdings"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def under_warranty(self, today: date) -> bool:
        return self.warranty_end is not None and self.warranty_end >= today

    def clean(self) -> None:
        # A warranty "until 9999" broke the deadline calendar (no day after it) and is no date a
        # shop gives; a price below zero or a warranty ending before the purchase is a slip.
        problems = _outside_dates(self, "purchase_date", "warranty_end")
        if self.purchase_price is not None and self.purchase_price < 0:
            problems["purchase_price"] = "a price of 0 or more"
        if (
            self.purchase_date is not None
            and self.warranty_end is not None
            and self.warranty_end < self.purchase_date
            and "warranty_end" not in problems
        ):
            problems["warranty_end"] = "the warranty ends before the purchase date"
        if problems:
            raise ValidationError(problems)


# What an agreement's terms may be: a lifetime's contract, a decade's notice, dates of this world.
MAX_TERM_MONTHS = 1200
MAX_NOTICE = {"days": 3650, "weeks": 520, "months": 120}


class Agreement(Owned):
    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", "Subscription"
        CONTRACT = "contract", "Contract"
        INSURANCE = "insurance", "Insurance"
        LOAN = "loan", "Loan"

    class Cycle(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        HALF_YEARLY = "half-yearly", "Half-yearly"
        YEARLY = "yearly", "Yearly"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLING = "cancelling", "Cancellation sent"
        ENDED = "ended", "Ended"

    class NoticeUnit(models.TextChoices):
        DAYS = "days", "days"
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="agreements")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUBSCRIPTION)
    price = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="What one cycle costs.",
    )
    currency = models.CharField(max_length=3, default="EUR", validators=[currency_validator])
    billing_cycle = models.CharField(max_length=12, choices=Cycle.choices, default=Cycle.MONTHLY)
    start_date = models.DateField()
    term_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Minimum term; empty when it runs until cancelled."
    )
    auto_renews = models.BooleanField(default=True)
    renewal_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Length of each renewal; empty means the same as the term."
    )
    notice = models.PositiveIntegerField(default=0, help_text="Notice period before renewal.")
    notice_unit = models.CharField(max_length=6, choices=NoticeUnit.choices, default="days")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="agreement_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # Renewals are counted out from the start: a term of centuries would run past the last
        # date there is (9999), and every page listing the agreement with it.
        problems = {}
        for name in ("term_months", "renewal_months"):
            if (getattr(self, name) or 0) > MAX_TERM_MONTHS:
                problems[name] = f"at most {MAX_TERM_MONTHS} months ({MAX_TERM_MONTHS // 12} years)"
        longest = MAX_NOTICE.get(self.notice_unit)
        if longest is not None and self.notice > longest:
            problems["notice"] = f"at most {longest} {self.notice_unit} (ten years)"
        problems.update(_outside_dates(self, "start_date"))
        if problems:
            raise ValidationError(problems)

    @property
    def terms(self) -> periods.Term:
        return periods.Term(
            start=self.start_date,
            term_months=self.term_months,
            auto_renews=self.auto_renews,
            renewal_months=self.renewal_months,
            notice=periods.Notice(self.notice, self.notice_unit),
        )

    def cancel_by(self, today: date) -> date | None:
        """The last day to give notice before the next renewal, or None when not relevant."""
        if self.status != self.Status.ACTIVE:
            return None
        return periods.cancel_by(self.terms, today)

    def renewal_stopped_by_notice(self, today: date) -> date | None:
        """The renewal that notice given by :meth:`cancel_by` stops (maybe not the next one)."""
        if self.status != self.Status.ACTIVE:
            return None
        found = periods.notice_deadline(self.terms, today)
        return None if found is None else found[1]

    def next_renewal(self, today: date) -> date | None:
        if self.status != self.Status.ACTIVE:
            return None
        return periods.next_renewal(self.terms, today)

    def yearly_cost(self) -> Decimal:
        return periods.yearly_cost(self.price, self.billing_cycle)


class Terms(Owned):
    """What the customer allows one vendor: channels to contact them on, purposes for their data."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"
        PHONE = "phone", "Phone"
        SMS = "sms", "Text message"
        APP = "app", "App notification"

    class Purpose(models.TextChoices):
        SERVICE = "service", "Delivering the service I asked for"
        BILLING = "billing", "Billing and legal obligations"
        SUPPORT = "support", "Answering my requests"
        MARKETING = "marketing", "Marketing to me"
        PROFILING = "profiling", "Profiling and personalisation"
        SHARING = "sharing", "Sharing with third parties"
        RESEARCH = "research", "Research and product improvement"

    class Response(models.TextChoices):
        NOT_SENT = "not-sent", "Not sent yet"
        PENDING = "pending", "Awaiting the vendor"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="terms")
    channels = models.JSONField(default=list, blank=True)
    purposes = models.JSONField(default=list, blank=True)
    vendor_response = models.CharField(
        max_length=10, choices=Response.choices, default=Response.NOT_SENT
    )
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "terms"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "vendor"],
                name="terms_one_per_vendor",
                violation_error_message="This vendor already has your terms; edit them instead.",
            ),
        ]

    def __str__(self) -> str:
        return f"Terms for {self.vendor}"


class Note(Owned):
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    written_on = models.DateField(default=date.today)

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    def clean(self) -> None:
        if problems := _outside_dates(self, "written_on"):
            raise ValidationError(problems)


class Document(Owned):
    """An attached file. Its bytes live in the store so an import stays one atomic transaction."""

    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    batch = models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class VendorRule(Owned):
    """A learned rule: descriptors like ``pattern`` belong to ``vendor`` (see core.vendormatch)."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Counterparty account"
        DESCRIPTOR = "descriptor", "Description"
        ALIAS = "alias", "Alias"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    pattern = models.CharField(max_length=200)
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="rules")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "pattern"], name="vendor_rule_one_per_pattern"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.vendor}"
