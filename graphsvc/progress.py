"""Progress bars for long commands: shown on a terminal, quiet when piped.

The one home of "a bar if the output is a terminal" for every command (import, export,
generate, replay, bench, coverage). Bars go to stderr, so stdout stays clean JSON; a bar is
drawn only when stderr is a terminal, unless ``enabled`` forces it on or off::

    from graphsvc.progress import progress_bar, StepBar

    with progress_bar(total=len(rows), desc="holdings", unit="row") as bar:
        for chunk in chunks:
            ...
            bar.update(len(chunk))

    with StepBar(("read", "write")) as step:     # named steps, one tick each
        step("read"); ...; step("write"); ...

Core functions take a plain callback (``progress(step, rows)`` or ``progress(step)``), never
a bar: :func:`rows_callback` adapts a bar to the first form.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Self

from tqdm import tqdm


def on_terminal(file: IO | None = None) -> bool:
    """Whether ``file`` (default stderr) is a terminal.

    >>> import io
    >>> on_terminal(io.StringIO())
    False
    """
    file = file or sys.stderr
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError):
        return False


def _shape(file: IO) -> dict:
    """``ncols``/``nrows`` of the terminal, 80 x 24 where it reports 0 (a fresh
    pseudo-terminal does, and tqdm then hides its bar)."""
    try:
        size = os.get_terminal_size(file.fileno())
    except (AttributeError, OSError, ValueError):
        return {"ncols": 80, "nrows": 24}
    return {"ncols": size.columns or 80, "nrows": size.lines or 24}


def progress_bar(total: int | None = None, *, desc: str = "", unit: str = "it",
                 enabled: bool | None = None, file: IO | None = None) -> tqdm:
    """A tqdm bar on ``file`` (default stderr), drawn only on a terminal.

    ``enabled=None`` draws it when ``file`` is a terminal; ``True``/``False`` force it.

    >>> import io
    >>> out = io.StringIO()
    >>> with progress_bar(3, desc="rows", file=out) as bar:
    ...     bar.update(3)
    >>> out.getvalue()
    ''
    >>> with progress_bar(3, desc="rows", file=out, enabled=True) as bar:
    ...     bar.update(3)
    >>> "3/3" in out.getvalue()
    True
    """
    file = file or sys.stderr
    show = on_terminal(file) if enabled is None else enabled
    return tqdm(total=total, desc=desc, unit=unit, file=file, disable=not show,
                leave=True, **(_shape(file) if show else {}))


def iterate(items: Iterable, *, total: int | None = None, desc: str = "", unit: str = "it",
            enabled: bool | None = None, file: IO | None = None) -> Iterator:
    """``items`` with a bar ticking once per item (see :func:`progress_bar`)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)
    with progress_bar(total, desc=desc, unit=unit, enabled=enabled, file=file) as bar:
        for item in items:
            yield item
            bar.update(1)


def rows_callback(bar: tqdm) -> Callable[[str, int], None]:
    """A ``progress(step, rows)`` callback that names the step and advances ``bar`` by rows."""
    def advance(step: str, rows: int) -> None:
        bar.set_description_str(step.rsplit("/", 1)[-1], refresh=False)
        bar.update(rows)
    return advance


class StepBar:
    """A bar over named steps: calling it with a step's name finishes the step before.

    >>> import io
    >>> out = io.StringIO()
    >>> with StepBar(("load", "build"), enabled=True, file=out) as bar:
    ...     bar("load"); bar("build")
    >>> "2/2" in out.getvalue()
    True
    """

    def __init__(self, steps, *, enabled: bool | None = None, file: IO | None = None):
        file = file or sys.stderr
        show = on_terminal(file) if enabled is None else enabled
        self._bar = tqdm(total=len(steps), file=file, unit="step", disable=not show,
                         **(_shape(file) if show else {}),
                         bar_format="{desc:<10} {bar} {n_fmt}/{total_fmt} [{elapsed}]")
        self._started = False

    def __call__(self, step: str) -> None:
        if self._started:
            self._bar.update(1)
        self._started = True
        self._bar.set_description_str(step)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self._started and exc[0] is None:
            self._bar.update(1)
            self._bar.set_description_str("done")
        self._bar.close()
