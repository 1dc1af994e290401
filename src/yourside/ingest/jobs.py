"""Big uploads are imported in a background thread while the page shows the progress.

The registry lives in the web process's memory: the progress of an import that is still one
open database transaction cannot be read from the database by another connection. A home install
runs one server process, so the page that polls always reaches the thread doing the work.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from yourside.core.formats.csvstatement import ColumnMap, NeedsMapping
from yourside.core.records import ParseError
from yourside.errors import UserError
from yourside.ingest.models import PendingUpload

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Job:
    id: str
    owner_id: int
    filename: str
    size: int
    lines: int = 0
    state: str = "running"  # running, done, failed
    message: str = ""
    pending_id: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


_JOBS: dict[str, Job] = {}


def get_job(owner: User, job_id: str) -> Job | None:
    job = _JOBS.get(job_id)
    return job if job is not None and job.owner_id == owner.pk else None


def start_import(
    owner: User,
    path: Path,
    filename: str,
    *,
    account_name: str | None,
    fmt: str,
    mapping: ColumnMap | None,
) -> Job:
    """Import ``path`` in a background thread; the file is deleted when the thread is done."""
    from yourside.ingest.services import added_message, import_file

    job = Job(id=uuid.uuid4().hex, owner_id=owner.pk, filename=filename, size=path.stat().st_size)
    _JOBS[job.id] = job

    def progress(lines: int) -> None:
        job.lines = lines

    def work() -> None:
        try:
            with path.open("rb") as stream:
                result = import_file(
                    owner,
                    stream,
                    filename,
                    account_name=account_name,
                    fmt=fmt,
                    mapping=mapping,
                    progress=progress,
                )
        except NeedsMapping as error:
            # Keep the file so the customer can map its columns on the preview page.
            pending = PendingUpload.objects.create(
                owner=owner,
                filename=filename,
                content=path.read_bytes(),
                account_name=account_name or "",
                problem=str(error),
            )
            job.state, job.message, job.pending_id = "failed", str(error), pending.pk
        except (ParseError, UserError, ValueError) as error:
            job.state, job.message = "failed", str(error)
        except Exception as error:  # the page must say the import stopped, whatever the cause
            job.state, job.message = "failed", f"the import stopped: {error}"
        else:
            from yourside.insights.services import refresh_after_import

            refresh_after_import(owner, [b.pk for b in result.batches], timezone.localdate())
            job.state = "done"
            job.message = added_message(filename, result)
        finally:
            path.unlink(missing_ok=True)
            connection.close()

    threading.Thread(target=work, name=f"import-{job.id[:8]}", daemon=True).start()
    return job
