"""What a killed run left in the output folder, settled by whichever command takes the folder next.

`output.lock.output_lock` calls `settle_folder` each time a command takes the folder's lock (every command
that writes there: run, ho-so, ke-hoach, nhan-thu, gui-thu, cong-nhan, the web app; `lich-su` and
`templates --prefill` take it briefly, `output.lock.settle_if_free`): a swap a killed run left half done is finished (the
ledger has the run) or put back (it does not: `output.period_swap.recover`), and the killed runs' temporary
files and folders are removed (`remove_leftovers`).

What was settled is news for the clerk, kept per output folder until an edge takes it (`take_news`): the CLI's
`guard` prints it after any command, the web app's pages show it, a run's summary includes it
(`period_outputs.write_outputs`). `notes` turns it into the lines the clerk reads: which run was finished or
put back, each of the clerk's files set aside (also those the killed run had moved itself before it died),
what could not be moved yet.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dvht_batch.messages import render
from dvht_batch.output.names import is_run_output
from dvht_batch.output.period_swap import Recovered, recover, remove_leftovers
from dvht_batch.output.settle import Kept
from dvht_batch.system.os_faults import printable


@dataclass
class Settled:
    """What taking an output folder settled: swaps of killed runs, and their temporary files removed."""

    swaps: list[Recovered] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.swaps or self.removed)

    @property
    def set_aside(self) -> list[Kept]:
        return [kept for one in self.swaps for kept in one.settled.set_aside]


_news: dict[str, Settled] = {}
_news_guard = threading.Lock()


def _key(out_root: Path) -> str:
    return os.path.normcase(os.path.abspath(out_root))


def settle_folder(out_root: Path) -> Settled:
    """Settle what killed runs left in `out_root` (the caller holds its lock); also kept as news for the clerk."""
    from dvht_batch.ledger.runs import has_run

    out_root = Path(out_root)
    settled = Settled(recover(out_root, is_run_output, lambda run_key: has_run(out_root, run_key)),
                      remove_leftovers(out_root))
    if settled:
        with _news_guard:
            news = _news.setdefault(_key(out_root), Settled())
            news.swaps += settled.swaps
            news.removed += settled.removed
    return settled


def take_news(out_root: Path | None = None) -> Settled:
    """What was settled in `out_root` (None: in every output folder of this process) and not yet told; told once."""
    with _news_guard:
        keys = list(_news) if out_root is None else [_key(out_root)]
        taken = [_news.pop(key) for key in keys if key in _news]
    return Settled([s for one in taken for s in one.swaps], [p for one in taken for p in one.removed])


def notes(settled: Settled) -> list[str]:
    """The lines the clerk reads about what was settled (console and web page)."""
    lines: list[str] = []
    for one in settled.swaps:
        swap = one.swap
        lines.append(render("swap-finished" if one.finished else "swap-put-back", period=swap.period,
                            run_id=swap.run_id, folder=printable(swap.final)))
        lines += kept_notes(one.settled.set_aside)
        if not one.settled.done:
            lines.append(render("set-aside-pending", folder=printable(swap.old)))
    if settled.removed:
        lines.append(render("leftovers-removed", count=len(settled.removed)))
    return lines


def kept_notes(kept: list[Kept]) -> list[str]:
    """One line for each of the clerk's files set aside (`output.settle.Kept`): where it was, where it is."""
    return [render("set-aside-line", original=printable(one.original), kept=printable(one.kept)) for one in kept]


__all__ = ["Settled", "settle_folder", "take_news", "notes", "kept_notes"]
