""""Tổng hợp" in the background: one run at a time per server, its progress readable by the page.

The run is exactly `dvht run`'s: `pipeline.run_period` (the configuration is read again for each run, as
the command would; the output folder's lock held from reading to the swap). While another command
(`dvht run` in a terminal, another app) holds the folder, "Tổng hợp" is refused at once with the lock's
Vietnamese message naming the holder.
"""
from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dvht_batch import pipeline
from dvht_batch import period_outputs
from dvht_batch.errors import DvhtError, OutputBusyError
from dvht_batch.messages import render, unexpected
from dvht_batch.period import Period

log = logging.getLogger("dvht.web")

LOCK_WAIT_SECONDS = 2.0  # how long "Tổng hợp" waits for a folder another command holds before refusing
READING, WRITING, DONE, FAILED = "Đang đọc và kiểm tra các tệp", "Đang lập báo cáo", "Đã xong", "Không thành công"


class RunBusy(DvhtError):
    """A run is already going on in this server."""


@dataclass
class RunJob:
    period: Period
    input_dir: Path
    pdf: bool = False
    stage: str = "Đang chuẩn bị"
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str | None = None
    busy: bool = False                                   # refused: another command holds the output folder
    notes: list[str] = field(default_factory=list)       # period_outputs.output_notes: the clerk's files set aside …
    settled: threading.Event = field(default_factory=threading.Event, repr=False)  # lock taken, or refused

    def as_dict(self) -> dict:
        return {"period": str(self.period), "stage": self.stage, "done": self.done, "total": self.total,
                "finished": self.finished, "error": self.error, "running": not self.finished, "notes": self.notes}


class Runner:
    """Starts runs in a thread; `start` refuses while one is running (the button cannot start it twice)."""

    def __init__(self, config_path: Path | None, out_root: Path, clock: pipeline.Clock = datetime.now):
        self.config_path = config_path
        self.out_root = out_root
        self.clock = clock  # the wall clock, read once per run (tests pass a fixed one)
        self._lock = threading.Lock()
        self.current: RunJob | None = None
        self.last: dict[str, RunJob] = {}

    def running(self) -> RunJob | None:
        job = self.current
        return job if job is not None and not job.finished else None

    def start(self, period: Period, input_dir: Path, pdf: bool = False) -> RunJob:
        with self._lock:
            busy = self.running()
            if busy is not None:
                raise RunBusy(render("web-run-busy", period=busy.period.workbook_form()))
            job = RunJob(period, input_dir, pdf)
            self.current = job
            threading.Thread(target=self._work, args=(job,), name=f"dvht-run-{period}", daemon=True).start()
            job.settled.wait()
            if job.busy:
                self.current = None
                raise RunBusy(str(job.error))
            self.last[str(period)] = job
        return job

    def _work(self, job: RunJob) -> None:
        request = pipeline.RunRequest(job.input_dir, self.out_root, self.config_path, job.period, pdf=job.pdf,
                                      command="giao-dien", wait_seconds=LOCK_WAIT_SECONDS)
        try:
            outputs = pipeline.run_period(request, clock=self.clock, progress=_JobProgress(job)).outputs
            job.notes = period_outputs.output_notes(outputs)
            period_outputs.told(outputs)  # the page shows them from now on
            job.stage = DONE
        except OutputBusyError as exc:
            job.busy, job.error, job.stage = True, str(exc), FAILED
        except DvhtError as exc:
            job.error, job.stage = str(exc), FAILED
        except Exception as exc:  # a bug: the page says so, the console keeps the details
            log.error("run failed:\n%s", traceback.format_exc())
            job.error, job.stage = unexpected(exc, "details-in-console"), FAILED
        finally:
            job.finished = True
            job.settled.set()


class _JobProgress(pipeline.RunProgress):
    """The run's progress, written into the job the page reads."""

    def __init__(self, job: RunJob):
        self.job = job

    def locked(self) -> None:
        self.job.settled.set()  # `start` returns: the folder is this run's

    def reading(self, total: int) -> None:
        self.job.stage, self.job.total = READING, total

    def advance(self, n: int) -> None:
        self.job.done += n

    def writing(self) -> None:
        self.job.stage = WRITING
