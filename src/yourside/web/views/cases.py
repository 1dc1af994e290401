"""Cases: list them, open one, read its letter and timeline, record what happened."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yourside.book.models import Agreement, Holding, Vendor
from yourside.book.services import add_document
from yourside.cases import letters as case_letters
from yourside.cases.models import Case, CaseEvent
from yourside.cases.sending import send_letter, smtp_configured
from yourside.cases.services import import_reply, open_case, record_event
from yourside.core import directory, letters
from yourside.core.letterpdf import as_pdf
from yourside.errors import UserError
from yourside.web.forms import DateInput
from yourside.web.views.common import back_to, show_errors
from yourside.web.views.common import owner_of as _owner

LAW_CHOICES = [
    ("auto", "Work it out from the vendor's country"),
    ("gdpr", "GDPR (EU)"),
    ("uk-gdpr", "UK GDPR"),
    ("ccpa", "CCPA (California)"),
    ("", "No statute: ask for a reply in 14 days"),
]


class CaseForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none())
    kind = forms.ChoiceField(choices=Case.Kind.choices)
    law = forms.ChoiceField(choices=LAW_CHOICES, initial="auto", required=False)
    subject = forms.CharField(required=False, help_text="Leave empty for a subject from the kind.")
    details = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What you want, in your own words",
    )
    disclosed = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What you tell them about yourself",
        help_text="One per line, like “Name: Alex Example” or “Customer number: 4711”. "
        "Only what you write here goes into the letter.",
    )
    agreement = forms.ModelChoiceField(queryset=Agreement.objects.none(), required=False)
    holding = forms.ModelChoiceField(
        queryset=Holding.objects.none(), required=False, label="Product"
    )
    channel = forms.ChoiceField(choices=Case.Channel.choices)
    language = forms.ChoiceField(choices=Case.Language.choices)
    sent = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Sent on",
        help_text="Leave empty to keep it as a draft until you send it.",
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.owned_by(owner)  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = Agreement.objects.owned_by(owner)  # type: ignore[attr-defined]
        self.fields["holding"].queryset = Holding.objects.owned_by(owner)  # type: ignore[attr-defined]

    def clean_disclosed(self) -> dict[str, str]:
        fields: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["disclosed"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, value = line.partition(":")
            if not sep or not label.strip():
                raise ValidationError(f"Line {number}: write it as “Label: value”.")
            if value.strip():  # a label left empty is a suggestion not taken
                fields[label.strip()] = value.strip()
        return fields


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=[c for c in CaseEvent.Kind.choices if c[0] != "drafted"])
    date = forms.DateField(widget=DateInput(), initial=date.today)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(choices=Case.Outcome.choices, required=False)
    attachment = forms.FileField(required=False, help_text="A letter, a receipt, a screenshot…")


def _identification_template(owner: User, vendor_id: str) -> str:
    """Lines to fill in, from what the directory says the vendor asks for to identify you."""
    vendor = (
        Vendor.objects.owned_by(owner).filter(pk=vendor_id).first() if vendor_id.isdigit() else None
    )
    labels = ["Name", "Email"]
    if vendor is not None:
        company = directory.match_vendor(
            vendor.name, vendor.aliases, vendor.website, country=vendor.country
        )
        if company is not None:
            labels += [e.description for e in company.required_elements if not e.optional]
    values = {"Name": owner.get_full_name(), "Email": owner.email}
    return "\n".join(
        f"{label}: {values.get(label, '')}".rstrip() for label in dict.fromkeys(labels)
    )


def case_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    today = timezone.localdate()
    cases = Case.objects.owned_by(owner).select_related("vendor")
    return render(request, "web/cases.html", {"cases": cases, "today": today})


def case_new(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    initial: dict[str, Any] = {
        k: request.GET[k] for k in ("vendor", "kind", "agreement", "holding") if k in request.GET
    }
    initial["disclosed"] = _identification_template(owner, request.GET.get("vendor", ""))
    form = CaseForm(request.POST or None, owner=owner, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        law = None if data["law"] == "auto" else data["law"]
        try:
            case = open_case(
                owner,
                data["vendor"],
                data["kind"],
                law=law,
                sent=data["sent"],
                channel=data["channel"],
                subject=data["subject"],
                details=data["details"],
                language=data["language"],
                disclosed=data["disclosed"],
                agreement=data["agreement"],
                holding=data["holding"],
            )
        except ValidationError as error:
            show_errors(form, error, {"sent_date": "sent"})
        else:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("case", pk=case.pk)
    return render(request, "web/case_form.html", {"form": form})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, pk, EventForm())


def _case_page(
    request: HttpRequest, pk: int, event_form: EventForm, status: int = 200
) -> HttpResponse:
    """The case's page; ``event_form`` as the customer left it when it could not be recorded."""
    owner = _owner(request)
    case = get_object_or_404(
        Case.objects.owned_by(owner).select_related("vendor", "agreement", "holding"), pk=pk
    )
    today = timezone.localdate()
    contact = case_letters.contact_for(case)
    letter = case_letters.letter_for(case, today)
    complaint = case_letters.complaint_for(case, today)
    context = {
        "case": case,
        "today": today,
        "overdue": case.is_overdue(today),
        "contact": contact,
        "letter": letter,
        "mailto": letters.mailto_link(letter, contact.email) if contact.email else "",
        "follow_up": case_letters.follow_up_for(case, today),
        "complaint": complaint,
        "events": case.events.select_related("document").defer("document__content"),
        "event_form": event_form,
        "can_send": smtp_configured() and bool(contact.email) and case.status == Case.Status.DRAFT,
    }
    return render(request, "web/case.html", context, status=status)


@require_POST
def case_event(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.owned_by(_owner(request)), pk=pk)
    form = EventForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["attachment"]
        try:
            with transaction.atomic():
                document = None
                if upload is not None:
                    document = add_document(
                        case.owner,
                        upload.read(),
                        upload.name,
                        vendor=case.vendor,
                        title=f"{case.reference}: {upload.name}",
                        content_type=upload.content_type or "application/octet-stream",
                    )
                record_event(
                    case,
                    data["kind"],
                    data["date"],
                    data["note"],
                    outcome=data["outcome"] or None,
                    document=document,
                )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{CaseEvent.Kind(data['kind']).label} recorded.")
            return redirect("case", pk=case.pk)
    # Again, with what was typed and what is wrong with it (a file chosen must be chosen again:
    # no browser lets a page fill a file field).
    return _case_page(request, pk, form, status=422)


def case_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as a download: ``?as=txt`` or ``?as=eml``; ``?which=follow-up|complaint``."""
    owner = _owner(request)
    case = get_object_or_404(Case.objects.owned_by(owner).select_related("vendor"), pk=pk)
    today = timezone.localdate()
    contact = case_letters.contact_for(case)
    which = request.GET.get("which", "letter")
    to_addr = contact.email
    letter: letters.Letter | None = case_letters.letter_for(case, today)
    if which == "follow-up":
        letter = case_letters.follow_up_for(case, today)
    elif which == "complaint":
        found = case_letters.complaint_for(case, today)
        letter, to_addr = (found[0], found[1].email) if found else (None, "")
    if letter is None:
        return HttpResponse("There is no such letter for this case.", status=404)
    name = f"{case.reference}-{which}"
    if request.GET.get("as") == "pdf":
        pdf = as_pdf(letter, recipient=[case.vendor.name, contact.address], day=today)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if request.GET.get("as") == "eml":
        sender = case.disclosed.get("Email") or case.disclosed.get("E-Mail") or "me@localhost"
        body = letters.as_eml(letter, sender, to_addr or "privacy@invalid", today)
        response = HttpResponse(body, content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="{name}.eml"'
        return response
    response = HttpResponse(
        f"{letter.subject}\n\n{letter.body}", content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return response


@require_POST
def case_reply(request: HttpRequest) -> HttpResponse:
    """A vendor's reply email, uploaded from a case page or the cases list."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose the reply email (.eml) to add.")
        return back_to(request, "cases")
    try:
        event = import_reply(_owner(request), upload.read(), upload.name or "reply.eml")
    except UserError as error:
        messages.error(request, str(error))
        return back_to(request, "cases")
    messages.success(request, "The reply is on the case's timeline.")
    return redirect("case", pk=event.case_id)


@require_POST
def case_send(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.owned_by(_owner(request)).select_related("vendor"), pk=pk)
    try:
        send_letter(case, timezone.localdate())
    except UserError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The letter is on its way to {case.vendor}; the clock is running."
        )
    return redirect("case", pk=case.pk)
