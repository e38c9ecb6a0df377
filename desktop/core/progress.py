"""The one shape of a progress report: `progress(done, total, what)`.

`done` of `total` steps are finished and `what` names the step (a document,
"iteration 12"). A caller may return False to ask the work to stop; work that
has its own `cancel()` check ignores what is returned.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], object]
