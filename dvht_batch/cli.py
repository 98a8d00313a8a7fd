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
                                                 progress=bar.advance, on_total=bar.start,
                                                 out_root=out_dir), debug)
    outputs = _guard(lambda: pipeline.write_outputs(result, out_dir, documents=not no_docx, pdf=pdf), debug)
    if not quiet:
        print_summary(result, outputs)


@cli.command("ke-hoach")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp cấu hình dvht.toml (mặc định: ./dvht.toml).")
@click.option("--nam", "year", type=click.IntRange(2000, 2100), required=True, help="Năm của kế hoạch, ví dụ 2026.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục kết quả; tệp được ghi vào OUT/<năm>/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.option("--debug", is_flag=True, hidden=True)
def plan_command(config_path, year: int, out_dir: Path, pdf: bool, debug: bool):
    """Lập KẾ HOẠCH xây dựng "Đơn vị học tập" của năm theo bộ tiêu chí đã cấu hình."""
    from dvht_batch import pipeline

    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, None), debug)
    paths = _guard(lambda: pipeline.write_plan(config, rule_set, year, out_dir, pdf=pdf), debug)
    for path in paths:
        click.echo(f"Đã lập: {path}")


@cli.command("templates")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp cấu hình dvht.toml (mặc định: ./dvht.toml).")
@click.option("--period", callback=_parse_period, help="Kỳ báo cáo YYYY-MM hoặc YYYY, điền sẵn vào các mẫu.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("input_templates"),
              show_default=True, help="Thư mục ghi các mẫu.")
@click.option("--blank", is_flag=True, help="Chỉ lập mẫu chung để trống (không cần cấu hình), theo --rules.")
@click.option("--rules", "rules_name", default="tt22-2020", show_default=True,
              help="Bộ tiêu chí cho mẫu chung (--blank); khi có cấu hình thì dùng bộ tiêu chí của cấu hình.")
@click.option("--debug", is_flag=True, hidden=True)
def templates_command(config_path, period, out_dir: Path, blank: bool, rules_name: str, debug: bool):
    """Lập các bảng tính mẫu cho từng phòng và cho cơ quan (có danh sách chọn, khóa tiêu đề)."""
    from dvht_batch import pipeline
    from dvht_batch.rules import load_rule_set
    from dvht_batch.writers import templates

    if blank:
        rule_set = _guard(lambda: load_rule_set(rules_name), debug)
        paths = _guard(lambda: templates.write_blank_templates(out_dir, rule_set), debug)
    else:
        if period is None:
            _fail("Thiếu --period: ghi kỳ báo cáo cần lập mẫu, ví dụ --period 2025-11 (hoặc dùng --blank cho mẫu chung).", 2)
        config, rule_set = _guard(lambda: pipeline.load_setup(config_path, None), debug)
        paths = _guard(lambda: templates.write_templates(config, rule_set, period, out_dir), debug)
    for path in paths:
        click.echo(f"Đã lập: {path}")


def main() -> None:
    _utf8_console()
    cli(prog_name="dvht")


if __name__ == "__main__":
    main()
