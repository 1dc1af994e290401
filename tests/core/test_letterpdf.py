from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from yourside.core.letterpdf import as_pdf
from yourside.core.letters import Letter


def test_a_letter_becomes_a_pdf_with_its_subject() -> None:
    letter = Letter(
        subject="Auskunft nach Art. 15 DSGVO (YS-2026-0001)",
        body="Sehr geehrte Damen und Herren,\n\n39,99 €",
    )
    data = as_pdf(
        letter,
        sender=["Alex Demo", "Musterstr. 1"],
        recipient=["Streamco", "Berlin"],
        day=date(2026, 11, 23),
    )
    assert data.startswith(b"%PDF-")
    assert b"YS-2026-0001" in data  # the title in the document's information


@settings(max_examples=50)
@given(st.text())
def test_any_text_makes_a_pdf(text: str) -> None:
    letter = Letter(subject=text[:80] or "x", body=text)
    assert as_pdf(letter, day=date(2026, 1, 1)).startswith(b"%PDF-")
