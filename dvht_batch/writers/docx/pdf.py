"""PDF through LibreOffice: one `soffice --headless --convert-to pdf` call for a batch of documents.

Each call uses a private, throw-away LibreOffice profile (`-env:UserInstallation=file:///…`), so two
runs at the same time (or a LibreOffice the clerk has open) do not clash.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from dvht_batch.errors import DvhtError, OutputLockedError
from dvht_batch.messages import render
from dvht_batch.writers.atomic import locked_message

# Windows limits a command line to 32 767 characters: longer batches are split into a few calls.
_MAX_COMMAND_CHARS = 30000
_CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> str | None:
    """The LibreOffice executable: $DVHT_SOFFICE, then `soffice`/`libreoffice` on PATH, then usual places."""
    explicit = os.environ.get("DVHT_SOFFICE")
    if explicit and Path(explicit).is_file():
        return explicit
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


def _batches(paths: list[Path], fixed_chars: int) -> list[list[Path]]:
    batches: list[list[Path]] = [[]]
    length = fixed_chars
    for p in paths:
        size = len(str(p)) + 3
        if batches[-1] and length + size > _MAX_COMMAND_CHARS:
            batches.append([])
            length = fixed_chars
        batches[-1].append(p)
        length += size
    return batches


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    posix = os.name == "posix"
    kwargs = {"start_new_session": True} if posix else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, **kwargs)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:  # soffice is a launcher: end the whole group it started, not just the launcher
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
        else:
            proc.kill()
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def convert_to_pdf(docx_paths: list[Path], out_dir: Path, timeout: float | None = None) -> list[Path]:
    """Convert the documents to PDF in `out_dir` (same file names, .pdf); returns the PDF paths in order.

    Raises DvhtError (Vietnamese message) when LibreOffice is missing, fails, or times out.
    """
    paths = [Path(p).resolve() for p in docx_paths]
    if not paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise DvhtError(render("pdf-no-libreoffice"))
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / f"{p.stem}.pdf" for p in paths]
    seen: dict[str, Path] = {}
    for p, t in zip(paths, targets):
        if t.name.casefold() in seen:
            raise DvhtError(render("pdf-same-name", name=p.name, first=seen[t.name.casefold()], second=p))
        seen[t.name.casefold()] = p
    for p in paths:
        if not p.is_file():
            raise DvhtError(render("pdf-no-document", path=p))
    for t in targets:  # a PDF left from an earlier run must not pass for a fresh one
        try:
            t.unlink(missing_ok=True)
        except OSError as exc:
            raise DvhtError(render("pdf-target-open", path=t, reason=exc.strerror or exc)) from None

    with tempfile.TemporaryDirectory(prefix="dvht_lo_") as profile:
        base = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                "--nologo", "--norestore", "--nolockcheck", "--nodefault", "--convert-to", "pdf", "--outdir", str(out_dir)]
        for batch in _batches(paths, sum(len(x) + 3 for x in base)):
            limit = timeout if timeout is not None else 90 + 3 * len(batch)
            try:
                proc = _run(base + [str(p) for p in batch], limit)
            except subprocess.TimeoutExpired:
                raise DvhtError(render("pdf-timeout", count=len(batch), seconds=f"{limit:.0f}")) from None
            except OSError as exc:
                raise DvhtError(render("pdf-not-started", program=soffice, reason=exc.strerror or exc)) from None
            in_batch = set(batch)
            failed = [t for p, t in zip(paths, targets) if p in in_batch and not t.is_file()]
            if failed:
                detail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
                raise DvhtError(render("pdf-not-made", count=len(failed), name=failed[0].name, status=proc.returncode,
                                       detail=f": {' '.join(detail)}" if detail else ""))
    return targets


def convert_beside(docx_paths: list[Path], timeout: float | None = None) -> list[Path]:
    """Each document's PDF beside it (the folders may differ), in one LibreOffice run.

    LibreOffice writes into one folder: the PDFs go to a staging folder beside the first document,
    then each is moved next to its document (same volume: an atomic replace).
    """
    paths = [Path(p).resolve() for p in docx_paths]
    if not paths:
        return []
    stage = Path(tempfile.mkdtemp(prefix=".dvht_pdf_", dir=paths[0].parent))
    try:
        targets = []
        for docx, made in zip(paths, convert_to_pdf(paths, stage, timeout)):
            target = docx.with_suffix(".pdf")
            try:
                os.replace(made, target)
            except OSError:
                raise OutputLockedError(locked_message(target)) from None
            targets.append(target)
        return targets
    finally:
        shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":  # python -m dvht_batch.writers.docx.pdf FILE.docx… OUT_DIR
    print("\n".join(str(p) for p in convert_to_pdf([Path(a) for a in sys.argv[1:-1]], Path(sys.argv[-1]))))
