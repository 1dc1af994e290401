"""The columns an import writes for each statement line, in the order its rows give them.

Kept apart from ``yourside.ingest.services`` (and free of Django) so that the benchmark's
baseline, which runs without a configured store, writes exactly the same columns.
"""

LINE_COLUMNS = (
    "owner_id",
    "source",
    "source_ref",
    "created_at",
    "updated_at",
    "account_id",
    "date",
    "amount",
    "currency",
    "description",
    "vendor_id",
    "batch_id",
    "fingerprint",
    "payee",
    "fee",
)
