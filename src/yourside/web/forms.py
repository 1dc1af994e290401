"""Forms for the book's records; every choice of a related record is limited to the owner's."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from yourside.book.models import Account, Agreement, Holding, Note, Owned, Terms, Vendor
from yourside.locale import current_locale


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OwnedForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DecimalField) and not isinstance(field, LocalDecimalField):
                self.fields[name] = LocalDecimalField(
                    max_digits=field.max_digits,
                    decimal_places=field.decimal_places,
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                    initial=field.initial,
                )
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                if issubclass(model, Owned):
                    field.queryset = model.objects.owned_by(owner)


class AliasesField(forms.CharField):
    """Aliases typed one per line or separated by commas, kept as a list."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        parts = text.replace("\n", ",").split(",")
        kept: dict[str, str] = {}  # one of each, in any case: "x, X, x" is one alias
        for part in (p.strip() for p in parts):
            if part:
                kept.setdefault(part.casefold(), part)
        return list(kept.values())


class VendorForm(OwnedForm):
    website = forms.URLField(required=False, assume_scheme="https")
    aliases = AliasesField(
        required=False, help_text="Other names on your statements, separated by commas."
    )

    class Meta:
        model = Vendor
        fields = [
            "name",
            "category",
            "country",
            "website",
            "aliases",
            "email",
            "phone",
            "privacy_email",
            "address",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class AccountForm(OwnedForm):
    class Meta:
        model = Account
        fields = ["name", "kind", "institution", "currency", "number_hint"]
        labels = {"number_hint": "Last digits of the number", "institution": "Bank or issuer"}


class AgreementForm(OwnedForm):
    class Meta:
        model = Agreement
        fields = [
            "name",
            "vendor",
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
        widgets = {"start_date": DateInput()}


class HoldingForm(OwnedForm):
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
        widgets = {"purchase_date": DateInput(), "warranty_end": DateInput()}


class NoteForm(OwnedForm):
    class Meta:
        model = Note
        fields = ["vendor", "title", "body", "written_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5}), "written_on": DateInput()}


class TermsForm(OwnedForm):
    channels = forms.MultipleChoiceField(
        choices=Terms.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="They may contact me by",
    )
    purposes = forms.MultipleChoiceField(
        choices=Terms.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="They may use my data for",
    )

    class Meta:
        model = Terms
        fields = ["channels", "purposes", "vendor_response", "responded_on"]
        widgets = {"responded_on": DateInput()}


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'backup script'.")
    # One per form shown: the same form sent again (a reload of the page it answered) makes no
    # second token.
    once = forms.CharField(widget=forms.HiddenInput, max_length=64)


_PLAIN = re.compile(r"-?\d+(\.\d+)?")  # 12.50, whatever the locale groups with
_COMMA = re.compile(r"-?\d+,\d{1,2}")  # 12,50 where the locale groups with commas
# A number with a currency sign or code (up to three letters or signs) before or after it.
_AMOUNT = re.compile(
    r"\s*(?:[^\d\s.,'-]{1,3}\s*)?(?P<number>-?\d[\d.,'\s]*)(?<=\d)\s*(?:[^\d\s.,'-]{1,3})?\s*"
)
_SPACE = re.compile(r"\s")
_SPACED = re.compile(r"-?\d{1,3}(\s\d{3})+([.,]\d+)?")


class LocalDecimalInput(forms.TextInput):
    """An amount typed as the reader writes it. Not ``type=number``: Chromium turns ``12,50``
    typed there into 1250 on an English page, and a German reader types the comma."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    """An amount in the reader's locale (``1.234,50`` in German, ``1,234.50`` in English; grouped
    by spaces where the locale does), or a plain ``12.50`` or ``12,50`` where the locale cannot
    read it otherwise. A currency sign or code before or after it is left out; anything else
    (``12 50``, ``1e5``, ``5x2``) is refused, not guessed at."""

    widget = LocalDecimalInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        locale = current_locale()
        found = _AMOUNT.fullmatch(str(value).replace("\u2212", "-"))
        text = found.group("number") if found else ""
        if text and _SPACE.search(text):
            # Spaces only between groups of three digits (1 234,50), as some locales group.
            text = _SPACE.sub("", text) if _SPACED.fullmatch(text) else ""
        if text:
            try:
                return parse_decimal(text, locale=locale, strict=True)
            except NumberFormatError:
                pass
            if _PLAIN.fullmatch(text) or _COMMA.fullmatch(text):
                return Decimal(text.replace(",", "."))
        example = format_decimal(Decimal("1234.5"), format="#,##0.00", locale=locale)
        raise ValidationError(
            f"“{value}” is not an amount: write it as {example} or 1234.50.", code="invalid"
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_decimal(value, format="0.00", locale=current_locale())
        return value
