"""Command line: thin click commands over the library. No logic beyond argument handling.

Exit status: 0 when the outputs were written (rejected files included); 2 for a bad command line
or configuration; 1 when outputs could not be written (e.g. a file open in Excel, a folder that cannot
be written, a full disk: every OSError reaching `_guard` is said in Vietnamese by `os_faults`).

The output folder's lock (`run_lock.output_lock`): `run` and `ho-so` hold it from reading to the swap;
`ke-hoach` (writes OUT/<year>/: `pipeline.write_plan`) and `nhan-thu` (writes the ledger:
`mail_fetch.fetch_new`) hold it while they run, taken by the library so the web app's pages hold it too;
`cong-nhan` holds it while it writes its decision (`recognition.record_recognition`); `templates` (its
own folder; `--prefill` only reads the ledger) and `lich-su` (reads) do not take it.
"""
from __future__ import annotations

import gc
import sys
import traceback
from contextlib import ExitStack
from pathlib import Path

import click

from dvht_batch import __version__
from dvht_batch.cli.usage import VietnameseGroup
from dvht_batch.errors import ConfigError, DvhtError, OutputLockedError, RuleSetError
from dvht_batch.system.os_faults import fault_from_os_error, find_os_error
from dvht_batch.period import Period
from dvht_batch.output.lock import output_lock


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
    except Exception as exc:  # a fault of the machine (Vietnamese, exit 1); else a bug: details on request
        cause = find_os_error(exc)
        if cause is not None:
            _fail(str(fault_from_os_error(cause)), 1)
        if debug:
            traceback.print_exc()
        _fail(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết và báo cho người bảo trì.", 1)


def folder_option(*decls: str, default: Path, help: str):
    """An option naming a folder (never a file), its default shown in --help."""
    return click.option(*decls, type=click.Path(file_okay=False, path_type=Path), default=default,
                        show_default=True, help=help)


def out_option(help: str, default: Path = Path("output")):
    """`--out`: the folder the command writes to (or, for reading commands, the one 'dvht run' wrote)."""
    return folder_option("--out", "out_dir", default=default, help=help)


def config_option(default: str = "./dvht.toml"):
    """`--config`: the dvht.toml to use; `default` says, in --help, where it is looked for otherwise."""
    return click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                        help=f"Tệp cấu hình dvht.toml (mặc định: {default}).")


debug_option = click.option("--debug", is_flag=True, hidden=True)


def _echo_written(paths) -> None:
    for path in paths:
        click.echo(f"Đã lập: {path}")


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dvht")
def cli() -> None:
    """dvht — tổng hợp bảng tính của các phòng, chấm điểm "Đơn vị học tập" và lập báo cáo."""


@cli.command("run")
@click.argument("input_dir", type=click.Path(file_okay=False, readable=False, path_type=Path))  # unreadable: exit 1, os_faults
@config_option("INPUT_DIR/dvht.toml, rồi ./dvht.toml")
@click.option("--period", callback=_parse_period, help="Kỳ báo cáo YYYY-MM (tháng) hoặc YYYY (năm); mặc định: kỳ ghi trong các tệp.")
@out_option("Thư mục kết quả; các tệp được ghi vào OUT/<kỳ>/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của các báo cáo (cần LibreOffice).")
@click.option("--no-docx", is_flag=True, help="Không lập các văn bản Word (chỉ JSON và Excel).")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện thanh tiến độ và bản tóm tắt.")
@debug_option
def run_command(input_dir: Path, config_path, period, out_dir: Path, pdf: bool, no_docx: bool, quiet: bool, debug: bool):
    """Đọc mọi bảng tính trong INPUT_DIR, kiểm tra, tổng hợp, chấm điểm và lập báo cáo."""
    from dvht_batch import pipeline
    from dvht_batch.cli.console import Progress, print_summary

    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, input_dir), debug)
    with ExitStack() as held:  # the output folder's lock, from reading to the swap (one run at a time)
        _guard(lambda: held.enter_context(output_lock(out_dir, "run")), debug)
        with Progress(enabled=not quiet) as bar:
            result = _guard(lambda: pipeline.collect(input_dir, config, rule_set, period,
                                                     progress=bar.advance, on_total=bar.start,
                                                     out_root=out_dir), debug)
        # The records live until the process ends: the cyclic collector need not walk them again (≈ 0.3 s
        # of CPU on 40,000 members); it still collects what the writers allocate.
        gc.freeze()
        outputs = _guard(lambda: pipeline.write_outputs(result, out_dir, documents=not no_docx, pdf=pdf), debug)
    if not quiet:
        print_summary(result, outputs)
        if outputs.dossier is not None:  # a year under a levels rule set: its dossier was written too
            from dvht_batch.cli.console_dossier import print_dossier

            _guard(lambda: print_dossier(result, outputs), debug)


@cli.command("ke-hoach")
@config_option()
@click.option("--nam", "year", type=click.IntRange(2000, 2100),
              help="Năm của kế hoạch, ví dụ 2026 (mặc định: nam / giai_doan trong tệp kế hoạch).")
@click.option("--ke-hoach", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp nội dung kế hoạch (mặc định: ke_hoach.toml cạnh dvht.toml, nếu có). Xem docs/ke-hoach.md.")
@out_option("Thư mục kết quả; tệp được ghi vào OUT/<năm>/ (kế hoạch nhiều năm: OUT/<năm đầu>-<năm cuối>/).")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@debug_option
def plan_command(config_path, year: int | None, plan_path: Path | None, out_dir: Path, pdf: bool, debug: bool):
    """Lập KẾ HOẠCH xây dựng "Đơn vị học tập" (một năm hoặc một giai đoạn) theo bộ tiêu chí đã cấu hình và
    tệp nội dung kế hoạch của cơ quan."""
    from dvht_batch import pipeline
    from dvht_batch.plan.file import find_plan_file, load_plan

    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, None, need_departments=False), debug)
    found = _guard(lambda: find_plan_file(plan_path, config), debug)
    plan = _guard(lambda: load_plan(found, config), debug) if found else None
    if found:
        click.echo(f"Dùng nội dung kế hoạch trong: {found}")
    paths = _guard(lambda: pipeline.write_plan(config, rule_set, year, out_dir, pdf=pdf, plan=plan), debug)
    _echo_written(paths)


@cli.command("ho-so")
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=Path))
@config_option("INPUT_DIR/dvht.toml, rồi ./dvht.toml")
@click.option("--nam", "year", type=click.IntRange(2000, 2100), required=True,
              help="Năm đánh giá, ví dụ 2025 (số liệu từ 01/01 đến 31/12 của năm).")
@out_option("Thư mục kết quả; kết quả năm ghi vào OUT/<năm>/, hồ sơ vào OUT/<năm>/ho_so/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của các văn bản (cần LibreOffice).")
@debug_option
def dossier_command(input_dir: Path, config_path, year: int, out_dir: Path, pdf: bool, debug: bool):
    """Lập hồ sơ đề nghị công nhận "Đơn vị học tập" của năm: tổng hợp kỳ năm từ các bảng tính trong
    INPUT_DIR (như 'dvht run --period NĂM') và lập tờ trình, báo cáo tự đánh giá, bảng tổng hợp tiêu chí."""
    from dvht_batch import pipeline
    from dvht_batch.cli.console import Progress, print_summary
    from dvht_batch.cli.console_dossier import print_dossier

    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, input_dir), debug)
    with ExitStack() as held:  # the output folder's lock, as for 'dvht run'
        _guard(lambda: held.enter_context(output_lock(out_dir, "ho-so")), debug)
        with Progress() as bar:
            result = _guard(lambda: pipeline.collect(input_dir, config, rule_set, Period(year), progress=bar.advance,
                                                     on_total=bar.start, out_root=out_dir), debug)
        outputs = _guard(lambda: pipeline.write_outputs(result, out_dir, documents=True, pdf=pdf), debug)
    print_summary(result, outputs)
    _guard(lambda: print_dossier(result, outputs), debug)


@cli.command("templates")
@config_option()
@click.option("--period", callback=_parse_period, help="Kỳ báo cáo YYYY-MM hoặc YYYY, điền sẵn vào các mẫu.")
@out_option("Thư mục ghi các mẫu.", default=Path("input_templates"))
@click.option("--blank", is_flag=True, help="Chỉ lập mẫu chung để trống (không cần cấu hình), theo --rules.")
@click.option("--rules", "rules_name", default="tt22-2020", show_default=True,
              help="Bộ tiêu chí cho mẫu chung (--blank); khi có cấu hình thì dùng bộ tiêu chí của cấu hình.")
@click.option("--prefill", is_flag=True,
              help="Điền sẵn danh sách thành viên của mỗi phòng từ lần gửi hợp lệ gần nhất (sổ lịch sử trong --ket-qua).")
@folder_option("--ket-qua", "results_dir", default=Path("output"),
               help="Thư mục kết quả của 'dvht run' (có dvht.sqlite và luu_tru/), dùng với --prefill.")
@debug_option
def templates_command(config_path, period, out_dir: Path, blank: bool, rules_name: str, prefill: bool,
                      results_dir: Path, debug: bool):
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
        rosters = None
        if prefill:
            from dvht_batch.ledger.prefill import last_rosters

            rosters = _guard(lambda: last_rosters(results_dir, config, rule_set, period), debug)
            click.echo(f"Điền sẵn danh sách thành viên cho {len(rosters)}/{len(config.departments)} phòng "
                       f"(từ lần gửi hợp lệ gần nhất trong '{results_dir}').")
        paths = _guard(lambda: templates.write_templates(config, rule_set, period, out_dir, prefill=rosters), debug)
    _echo_written(paths)


@cli.command("lich-su")
@out_option("Thư mục kết quả của 'dvht run' (nơi có sổ lịch sử dvht.sqlite).")
@click.option("--phong", "department", help="Chỉ xem một phòng, theo mã phòng (ví dụ VP).")
@debug_option
def history_command(out_dir: Path, department: str | None, debug: bool):
    """Xem lịch sử kết quả các kỳ: tỉ lệ đạt từng tiêu chí của đơn vị và từng phòng, và thay đổi so với kỳ trước."""
    from dvht_batch.cli.history_table import print_history

    _guard(lambda: print_history(out_dir, department), debug)


@cli.command("nhan-thu")
@click.option("--host", envvar="DVHT_IMAP_HOST", required=True, help="Máy chủ IMAP (hoặc biến môi trường DVHT_IMAP_HOST).")
@click.option("--user", envvar="DVHT_IMAP_USER", required=True, help="Tên đăng nhập hộp thư (hoặc DVHT_IMAP_USER).")
@click.option("--port", type=click.IntRange(1, 65535), default=993, show_default=True, envvar="DVHT_IMAP_PORT",
              help="Cổng IMAP qua TLS.")
@click.option("--thu-muc", "folder", default="INBOX", show_default=True, help="Thư mục trong hộp thư.")
@folder_option("--vao", "intake_dir", default=Path("thu"),
               help="Thư mục lưu các thư có tệp Excel (rồi chạy 'dvht run' trên thư mục này).")
@out_option("Thư mục kết quả; sổ lịch sử dvht.sqlite ở đó ghi nhớ các thư đã nhận.")
@click.option("--cafile", envvar="DVHT_IMAP_CAFILE", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Tệp chứng chỉ CA riêng, khi máy chủ nội bộ dùng chứng chỉ tự cấp (hoặc DVHT_IMAP_CAFILE).")
@debug_option
def fetch_mail_command(host: str, user: str, port: int, folder: str, intake_dir: Path, out_dir: Path, cafile, debug: bool):
    """Nhận thư mới có tệp Excel đính kèm từ hộp thư IMAP (qua TLS) vào một thư mục. Mật khẩu: biến môi
    trường DVHT_IMAP_PASSWORD, hoặc nhập khi được hỏi (không bao giờ ghi trong tệp cấu hình)."""
    import os

    from dvht_batch.mail.fetch import fetch_new

    password = os.environ.get("DVHT_IMAP_PASSWORD") or click.prompt("Mật khẩu hộp thư", hide_input=True)
    report = _guard(lambda: fetch_new(host, user, password, intake_dir, out_dir, folder, port, cafile), debug)
    for path in report.saved:
        click.echo(f"Đã lưu: {path}")
    click.echo(f"Thư mới có tệp Excel: {len(report.saved)}; không có tệp Excel: {report.without_workbook}; "
               f"quá lớn: {report.too_large}; đã nhận từ trước: {report.already_seen}.")


@cli.command("kiem-tra-tieu-chi")
@click.argument("rule_file")
@debug_option
def check_rules_command(rule_file: str, debug: bool):
    """Kiểm tra tệp bộ tiêu chí RULE_FILE (.toml, hoặc tt22-2020 / tt24-2023): hợp lệ thì tóm tắt các tiêu chí
    (mã thoát 0); có lỗi thì nêu từng lỗi và cách sửa (mã thoát 2)."""
    from dvht_batch.rules.check import check_rule_file

    report = _guard(lambda: check_rule_file(rule_file), debug)
    click.echo("\n".join(report.lines()), err=not report.ok)
    if not report.ok:
        sys.exit(2)


@cli.command("giao-dien")
@config_option()
@out_option("Thư mục kết quả (như 'dvht run --out'); chỉ các tệp trong đó được tải về.")
@folder_option("--vao", "input_root", default=Path("du_lieu"),
               help="Thư mục chứa tệp các phòng gửi, mỗi kỳ một thư mục con (du_lieu/2025-11/).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Cổng trên máy này (0: một cổng còn trống).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt (đường dẫn được in ra).")
@debug_option
def web_command(config_path, out_dir: Path, input_root: Path, port: int, no_browser: bool, debug: bool):
    """Mở ứng dụng trên trình duyệt (chỉ máy này truy cập được): tải tệp lên, tổng hợp, tải kết quả, mẫu, kế hoạch, lịch sử."""
    from dvht_batch import pipeline
    from dvht_batch.web.server import serve

    # an agency without departments may still write its KẾ HOẠCH there (the pages that need them say so)
    config, rule_set = _guard(lambda: pipeline.load_setup(config_path, None, need_departments=False), debug)
    _guard(lambda: serve(config, rule_set, config.path, out_dir, input_root, port, open_browser=not no_browser,
                         announce=click.echo), debug)


@cli.command("cong-nhan")
@click.option("--so", "number", help="Số quyết định công nhận, ví dụ 125/QĐ-UBND.")
@click.option("--ngay", "decided_on", help="Ngày ký quyết định (ngày/tháng/năm), ví dụ 15/3/2024.")
@click.option("--muc-do", "level", type=click.IntRange(1, 2), help="Mức độ được công nhận: 1 hoặc 2.")
@click.option("--co-quan", "authority", help="Người/cơ quan ra quyết định, ví dụ \"Chủ tịch Ủy ban nhân dân tỉnh …\".")
@click.option("--xoa", "remove", metavar="SO", help="Xóa quyết định có số này (ghi nhầm).")
@out_option("Thư mục kết quả; quyết định được ghi vào sổ lịch sử OUT/dvht.sqlite.")
@debug_option
def recognition_command(number, decided_on, level, authority, remove, out_dir: Path, debug: bool):
    """Ghi quyết định công nhận "Đơn vị học tập" (--so, --ngay, --muc-do, --co-quan) vào sổ lịch sử; không có
    --so thì liệt kê các quyết định đã ghi và mức độ đang được công nhận hôm nay."""
    from datetime import date

    from dvht_batch.ledger import recognition as rec

    today = date.today()
    if remove:
        removed = _guard(lambda: rec.remove_recognition(out_dir, remove), debug)
        click.echo(f"Đã xóa {removed} quyết định số {remove}." if removed else f"Không có quyết định số {remove}.")
    elif number or decided_on or level is not None or authority:
        decision = _guard(lambda: rec.parse_decision(number or "", decided_on or "", level or 0, authority or "",
                                                     today), debug)
        new = _guard(lambda: rec.record_recognition(out_dir, decision), debug)
        click.echo(("Đã ghi: " if new else "Đã cập nhật: ") + f"Mức độ {decision.level} — {decision.citation()}.")
        warning = rec.level_2_warning(_guard(lambda: rec.load_recognitions(out_dir), debug), decision)
        if warning:
            click.secho(warning, fg="yellow")
    recognitions = _guard(lambda: rec.load_recognitions(out_dir), debug)
    click.echo("\n".join(rec.listing(recognitions, today)))


def main() -> None:
    _utf8_console()
    cli(prog_name="dvht")


if __name__ == "__main__":
    main()
