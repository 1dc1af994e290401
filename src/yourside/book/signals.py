"""What the book tells the apps built on it when what they are computed from changes.

``book_changed`` is sent, inside the write's transaction, after a write:

- moved lines between vendors and payees, changed their dates or amounts, added them by hand or
  took them out of the book (an edit, a deletion, an undone import);
- renamed a vendor (what is said about it names it);
- added to a case the vendor's reply or acknowledgement (a refund it promised).

The insights app listens, so what the customer sees follows a correction at once; the book does
not know it is there. Its arguments:

- ``owner``: whose book;
- ``vendor_ids``: the vendors touched (the lines' vendors before the write and after it);
- ``payees``: the payees of the touched lines that were, or are, filed under no vendor;
- ``renamed``: payee keys that now stand for another (``{"d:netflix": "v12"}`` when a payee's
  lines were all filed under vendor 12, ``{"v5": "v9"}`` when vendor 5 was merged into 9), so that
  what the customer answered about the one carries over to the other; to ``""`` when it stands
  for nobody now (a deleted vendor whose lines are several payees'), and what was said of it ends.

Imports do not send it: the edge that imported runs the update itself, after the import's
transaction (``yourside.insights.services.refresh_after_import``); undoing one does.
"""

from __future__ import annotations

from django.dispatch import Signal

book_changed = Signal()
