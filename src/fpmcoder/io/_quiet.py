"""Keep third-party readers quiet: what they print or warn is not for the researcher.

openpyxl warns about every oddity of a workbook (``UserWarning: ... contains invalid
dependency definitions``) and odfpy prints an XML part it cannot parse; the readers say
what matters in their own error or in ``metadata["warnings"]`` instead.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator

__all__ = ["quiet"]


@contextlib.contextmanager
def quiet() -> Iterator[io.StringIO]:
    """Capture standard output and error, and ignore warnings, inside the block."""
    printed = io.StringIO()
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(printed),
        contextlib.redirect_stderr(printed),
    ):
        warnings.simplefilter("ignore")
        yield printed
