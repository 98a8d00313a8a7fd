"""Command line: thin click commands over the library. No logic beyond argument handling.

Exit status: 0 when the outputs were written (rejected files included); 2 for a bad command line
or configuration; 1 when outputs could not be written (e.g. a file open in Excel).
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from dvht_batch import __version__
from dvht_batch.errors import ConfigError, DvhtError, OutputLockedError, RuleSetError
from dvht_batch.period import Period


def _utf8_console() -> None:
    """Windows consoles may not be UTF-8: never let a Vietnamese letter crash the run."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            pass


def _parse_period(ctx, param, value):
    if value is None:
        return None
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _fail(message: str, code: int) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def _guard(fn, debug: bool = False):
    """Run a library call, turning domain errors into messages and exit codes (never a traceback)."""
    try:
        return fn()
    except (ConfigError, RuleSetError) as exc:
        _fail(str(exc), 2)
    except OutputLockedError as exc:
        _fail(str(exc), 1)
    except DvhtError as exc:
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        _fail("Đã dừng theo yêu cầu.", 130)
    except Exception as exc:  # a bug: short message, details only on request
        if debug:
            traceback.print_exc()
        _fail(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết và báo cho người bảo trì.", 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dvht")
def cli() -> None:
    """dvht — tổng hợp bảng tính của các phòng, chấm điểm "Đơn vị học tập" và lập báo cáo."""


@cli.command("run")
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp cấu hình dvht.toml (mặc định: INPUT_DIR/dvht.toml, rồi ./dvht.toml).")
@click.option("--period", callback=_parse_period, help="Kỳ báo cáo YYYY-MM (tháng) hoặc YYYY (năm); mặc định: kỳ ghi trong các tệp.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục kết quả; các tệp được ghi vào OUT/<kỳ>/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của các báo cáo (cần LibreOffice).")
@click.option("--no-docx", is_flag=True, help="Không lập các văn bản Word (chỉ JSON và Excel).")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện thanh tiến độ và bản tóm tắt.")
@click.option("--debug", is_flag=True, hidden=True)
def run_command(input_dir: Path, config_path, period, out_dir: Path, pdf: bool, no_docx: bool, quiet: bool, debug: bool):
    """Đọc mọi bảng tính trong INPUT_DIR, kiểm tra, tổng hợp, chấm điểm và lập báo cáo."""
    from dvht_batch import pipeline
    from dvht_batch.console import Progress, print_summary

    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, input_dir), debug)
    with Progress(enabled=not quiet) as bar:
        result = _guard(lambda: pipeline.collect(input_dir, config, rule_set, period,
                                                 progress=bar.advance, on_total=bar.start), debug)
    outputs = _guard(lambda: pipeline.write_outputs(result, out_dir, documents=not no_docx, pdf=pdf), debug)
    if not quiet:
        print_summary(result, outputs)


def main() -> None:
    _utf8_console()
    cli(prog_name="dvht")


if __name__ == "__main__":
    main()
