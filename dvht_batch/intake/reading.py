"""Read every input: files, winmail.dat containers and mailboxes, in one pool of reading processes.

    records = read_all(paths, input_dir, config, rule_set, progress=bar.advance)

The paths are first planned into units of work: a file; an Outlook `winmail.dat`; an .eml file (also
each message of a Maildir); a message of an .mbox file (its byte span, found without parsing). Units
are read in order, by a 2-process pool from `POOL_FROM_UNITS` units (serial below, and as a fallback),
so 1,000 workbooks in one .mbox are read as fast as the same workbooks in a folder. Attachments are
read from memory with the same safety checks and validation as files (`workbook.read_bytes`), and
written once to the run's extraction folder (feedback workbooks and the archive reopen them).

This module is the one place that knows both mailboxes and workbooks: `mailbox` and `workbook`
import neither each other nor this module. Last, files that will be rejected are tied to their
department when their name or sender tells which (`attribution`).
"""
from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from pickle import PicklingError
from typing import Callable, Iterable

from dvht_batch.system.child_processes import start_method, watch_parent
from dvht_batch.intake import mailbox, mbox, tnef
from dvht_batch.intake.attribution import attach_departments
from dvht_batch.intake.discover import relative_name
from dvht_batch.intake.formats import is_submission, is_tnef_name
from dvht_batch.intake.unreadable import unreadable_file
from dvht_batch.intake.workbook import read_bytes, read_file
from dvht_batch.messages import Findings, render
from dvht_batch.models import FileRecord

POOL_FROM_UNITS = 200  # below this a process pool costs more than it saves (start-up, Windows spawn)
_BATCH = 25
_COLLECT_EVERY = 25

# A unit of work (picklable): ("file", path) | ("tnef", path) | ("eml", path) | ("mbox", path, start, end,
# number, stamp) | ("done", [records]) for what planning already settled.
Unit = tuple


def read_all(paths: Iterable[Path], input_dir: Path, config, rule_set,
             progress: Callable[[], object] | None = None) -> list[FileRecord]:
    """Records of every path, in input order (a mailbox expands in place); `progress()` once per path.

    Validation is Python code that holds the GIL (threads measured slower than one thread), so a
    large batch is read by a 2-process pool; a small one, or a pool that cannot start or breaks,
    is read in this process.
    """
    input_dir = Path(input_dir)
    units: list[tuple[int, Unit]] = []
    paths = list(paths)
    for i, path in enumerate(paths):
        units.extend((i, u) for u in plan(Path(path), input_dir, config))
    remaining = [0] * len(paths)
    for i, _ in units:
        remaining[i] += 1

    def done(i: int) -> None:
        remaining[i] -= 1
        if remaining[i] == 0 and progress is not None:
            progress()

    if progress is not None:
        for n in remaining:
            if n == 0:
                progress()
    results = _read_units(units, input_dir, config, rule_set, done)
    records = [record for batch in results for record in batch]
    attach_departments(records, config)
    return records


def plan(path: Path, input_dir: Path, config) -> list[Unit]:
    """The units of one input path; mailboxes are split into messages without parsing them."""
    if mailbox.is_mailbox(path):
        if path.is_dir():
            return [("eml", p) for p in mailbox.maildir_files(path)]
        if path.suffix.lower() in mailbox.MBOX_SUFFIXES:
            return _plan_mbox(path, input_dir, config)
        return [("eml", path)]
    if is_tnef_name(path.name):
        return [("tnef", path)]
    return [("file", path)]


def _plan_mbox(path: Path, input_dir: Path, config) -> list[Unit]:
    rel = relative_name(path, input_dir)
    units: list[Unit] = []
    try:
        for number, start, end, stamp in mbox.mbox_spans(path):
            if end - start > mailbox.MAX_MESSAGE_BYTES:
                units.append(("done", [mailbox.too_large(f"{rel}[{number}]", path.absolute(), end - start, stamp)]))
            else:
                units.append(("mbox", path, start, end, number, stamp))
    except OSError as exc:
        units.append(("done", [unreadable_file(rel, path.absolute(), exc)]))
    return units


# --------------------------------------------------------------------------- one unit


def read_unit(unit: Unit, input_dir: Path, config, rule_set) -> list[FileRecord]:
    kind, path = unit[0], unit[1]
    if kind == "done":
        return list(path)
    if kind == "file":
        return [read_file(path, input_dir, config, rule_set)]
    where = relative_name(path, input_dir)
    if kind == "mbox":
        _, _, start, end, number, stamp = unit
        where = f"{where}[{number}]"
        try:
            data = mbox.mbox_message(path, start, end)
        except OSError as exc:
            return [unreadable_file(where, path.absolute(), exc)]
        return _read_message(data, where, path.absolute(), config, rule_set, stamp)
    if kind == "tnef":
        return _read_tnef_file(path, where, config, rule_set)
    try:
        data = mailbox.read_bounded(path)
    except OSError as exc:
        return [unreadable_file(where, path.absolute(), exc)]
    if data is None:
        return [mailbox.too_large(where, path.absolute(), path.stat().st_size)]
    return _read_message(data, where, path.absolute(), config, rule_set, mailbox.mtime(path))


def _read_tnef_file(path: Path, where: str, config, rule_set) -> list[FileRecord]:
    """A winmail.dat saved into the input folder: the spreadsheets inside it."""
    try:
        data = mailbox.read_bounded(path)
    except OSError as exc:
        return [unreadable_file(where, path.absolute(), exc)]
    if data is None:
        return [mailbox.attachment_too_large(where, path.absolute())]
    records = _read_tnef(data, where, path.absolute(), config, rule_set)
    for r in records:
        r.modified = mailbox.mtime(path)
    return records


def _read_message(data: bytes, where: str, source: Path, config, rule_set,
                  fallback_time: datetime | None) -> list[FileRecord]:
    """Records of one message: one per spreadsheet attachment, or one `ignored` record for the message."""
    try:
        contents = mailbox.open_message(data, fallback_time)
    except Exception as exc:  # the email package rarely raises, but a hostile message must not stop the run
        return [mailbox.unreadable_message(where, source, data, fallback_time, exc)]
    if not contents.attachments:
        return [mailbox.without_spreadsheet(where, source, data, contents)]
    records: list[FileRecord] = []
    for attachment in contents.attachments:
        path = f"{where}#{attachment.name}"
        if attachment.data is None:
            records.append(mailbox.attachment_too_large(path, source))
        elif is_tnef_name(attachment.name):
            records.extend(_read_tnef(attachment.data, path, source, config, rule_set))
        else:
            records.append(_read_attachment(attachment.name, attachment.data, path, config, rule_set))
    for record in records:
        record.sender, record.modified = contents.sender, contents.sent
        record.message_id, record.mail_subject = contents.message_id, contents.subject
    return records


def _read_attachment(name: str, data: bytes, path: str, config, rule_set) -> FileRecord:
    suffix = os.path.splitext(name)[1].lower()
    record = FileRecord(path=path, source=Path())
    read_bytes(data, suffix, record, config, rule_set)
    if record.sha256 is not None:
        record.source = mailbox.extract(data, suffix, record.sha256)
    return record


def _read_tnef(data: bytes, where: str, source: Path, config, rule_set) -> list[FileRecord]:
    """The spreadsheets inside a winmail.dat; the container itself when it holds none or is broken."""
    try:
        inside = tnef.unpack(data)
    except tnef.NotTnef:
        record = FileRecord(path=where, source=source, size=len(data))
        record.findings = Findings.one(where, "bad-tnef")
        return [record]
    wanted = [(mailbox.safe_attachment_name(name), content) for name, content in inside]
    wanted = [(name, content) for name, content in wanted if is_submission(name) and not is_tnef_name(name)]
    if not wanted:
        names = ", ".join(mailbox.safe_attachment_name(n) for n, _ in inside[:5]) or "không có tệp nào"
        return [FileRecord(path=where, source=source, size=len(data),
                           ignored_reason=render("ignored-winmail-without-workbook", names=names))]
    used: set[str] = set()
    records = []
    for name, content in wanted:
        name = mailbox.distinct(name, used)
        path = f"{where}#{name}"
        if len(content) > mailbox.MAX_ATTACHMENT_BYTES:
            records.append(mailbox.attachment_too_large(path, source))
        else:
            records.append(_read_attachment(name, content, path, config, rule_set))
    return records


# --------------------------------------------------------------------------- many units


def _read_units(units: list[tuple[int, Unit]], input_dir: Path, config, rule_set,
                done: Callable[[int], None]) -> list[list[FileRecord]]:
    with _gc_paused():
        if len(units) >= POOL_FROM_UNITS and (os.cpu_count() or 1) > 1:
            try:
                return _read_in_pool(units, input_dir, config, rule_set, done)
            except (BrokenProcessPool, OSError, PicklingError):
                pass  # fall back to reading here; the inputs are untouched
        results = []
        try:
            for n, (i, unit) in enumerate(units, start=1):
                results.append(read_unit(unit, input_dir, config, rule_set))
                done(i)
                if n % _COLLECT_EVERY == 0:
                    gc.collect(0)
        finally:
            mbox.close_mbox()
        return results


@contextmanager
def _gc_paused():
    """No automatic cyclic garbage collection while reading: the collector's passes over the growing
    heap of records cost ~10–25 % of the reading time (measured on scenario L). Records hold no
    cycles, but openpyxl (fonts of a legacy-encoded file) leaves some: the readers collect the young
    generation every `_COLLECT_EVERY` units themselves (only what was made since: cheap)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_in_pool(units: list[tuple[int, Unit]], input_dir: Path, config, rule_set,
                  done: Callable[[int], None]) -> list[list[FileRecord]]:
    batches = [units[i:i + _BATCH] for i in range(0, len(units), _BATCH)]
    results: list[list[list[FileRecord]] | None] = [None] * len(batches)
    # The configuration (1,000 departments: ~3 ms to pickle and unpickle) goes to each worker once,
    # with the run's extraction folder (attachments must outlive the worker that found them).
    setup = (input_dir, config, rule_set, mailbox.extract_dir())
    # forked when it is safe, spawned otherwise (the web app reads from one of its threads)
    with ProcessPoolExecutor(max_workers=2, mp_context=start_method(), initializer=_start_worker,
                             initargs=setup) as pool:
        futures = {pool.submit(_read_batch, [u for _, u in b]): n for n, b in enumerate(batches)}
        for future in as_completed(futures):
            n = futures[future]
            results[n] = future.result()
            for i, _ in batches[n]:
                done(i)
    return [records for batch in results for records in batch]  # type: ignore[union-attr]


_worker_setup: tuple = ()  # (input_dir, config, rule_set) in a pool worker


def _start_worker(input_dir: Path, config, rule_set, extract_dir: Path) -> None:
    global _worker_setup
    _worker_setup = (input_dir, config, rule_set)
    mailbox.share_extract_dir(extract_dir)
    watch_parent()  # a killed run leaves no reading process behind


def _read_batch(units: list[Unit]) -> list[list[FileRecord]]:
    input_dir, config, rule_set = _worker_setup
    with _gc_paused():
        try:
            records = [read_unit(u, input_dir, config, rule_set) for u in units]
        finally:
            mbox.close_mbox()
        gc.collect(0)
        return records


__all__ = ["read_all", "read_unit", "plan", "POOL_FROM_UNITS"]
