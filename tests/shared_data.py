"""Where the real public data in ../shared/data lives, and a marker to skip when it is absent.

On a developer's machine and in CI the project sits beside ``shared/``; on a fresh user machine it
does not, and tests that read it skip with this reason instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason=f"real public data not found at {SHARED_DATA} (it sits beside the project in CI)",
)
