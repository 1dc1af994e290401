"""A letter as a printable PDF (fpdf2), for sending by post.

The PDF uses the standard Helvetica font so that no font file has to be shipped; it covers the
Latin-1 letters of English, German, French and the other Western European languages. The euro
sign is written "EUR"; any other character outside Latin-1 becomes "?", and the text download
keeps the exact wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fpdf import FPDF

from yourside.core.letters import Letter


def _latin1(text: str) -> str:
    text = text.replace("€", "EUR").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u2026", "...")
    return text.encode("latin-1", "replace").decode("latin-1")


def as_pdf(
    letter: Letter, *, sender: Sequence[str] = (), recipient: Sequence[str] = (), day: date
) -> bytes:
    """An A4 letter: sender and recipient blocks, the date, the subject in bold, the body."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(_latin1(letter.subject))
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    if sender:
        pdf.multi_cell(
            0, 4, _latin1(" · ".join(sender)).replace("·", "-"), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(4)
    pdf.set_font("helvetica", size=11)
    for line in recipient:
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.cell(0, 5, day.isoformat(), align="R")
    pdf.ln(10)
    pdf.set_font("helvetica", style="B", size=11)
    pdf.multi_cell(0, 5, _latin1(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 5.5, _latin1(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
