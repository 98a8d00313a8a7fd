"""`dvht tinh …`: the Sở Giáo dục và Đào tạo's side of the yearly dossiers (docs/tinh.md): the province
template, intake into the register, the appraisal workbook read back into the documents, the signed
decision recorded, the renewals list. A thin layer over dvht_batch.province.service."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import debug_option, echo_written, fail, guard, out_option
from dvht_batch.cli.usage import VietnameseGroup
from dvht_batch.messages import render

CONFIG_HELP = "Tệp cấu hình của Sở (mặc định: ./tinh.toml)."


def _config(path: Path | None, debug: bool):
    from dvht_batch.province.config import load_province_config

    return guard(lambda: load_province_config(path or Path("tinh.toml")), debug)


def config_option(fn):
    return click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                        help=CONFIG_HELP)(fn)


@cli.group("tinh", cls=VietnameseGroup)
def tinh_group():
    """Việc của Sở Giáo dục và Đào tạo: nhận hồ sơ các đơn vị, thẩm định, dự thảo quyết định công nhận
    "Đơn vị học tập" của Chủ tịch Ủy ban nhân dân tỉnh (xem docs/tinh.md)."""


@tinh_group.command("mau-ho-so")
@config_option
@click.option("--tep", "target", type=click.Path(dir_okay=False, path_type=Path), default=Path("mau_bang_tong_hop.xlsx"),
              show_default=True, help="Tệp mẫu sẽ lập (.xlsx).")
@debug_option
def template_command(config_path, target: Path, debug: bool):
    """Lập mẫu bảng tổng hợp tiêu chí, chỉ tiêu cho đơn vị không dùng phần mềm dvht."""
    from dvht_batch.province.service import rule_set_of
    from dvht_batch.province.template import write_template

    cfg = _config(config_path, debug)
    rs = guard(lambda: rule_set_of(cfg), debug)
    echo_written([guard(lambda: write_template(target, rs, cfg.year, cfg.agency), debug)])


@tinh_group.command("nhan-ho-so")
@click.argument("folder", metavar="THU_MUC_HO_SO", type=click.Path(path_type=Path))
@config_option
@out_option("Thư mục kết quả của Sở: sổ đăng ký OUT/tinh.sqlite, phiếu thẩm định OUT/<năm>/.", Path("tinh"))
@debug_option
def intake_command(folder: Path, config_path, out_dir: Path, debug: bool):
    """Đọc hồ sơ các đơn vị trong THU_MUC_HO_SO (mỗi đơn vị một thư mục, hoặc các tệp để chung), ghi vào sổ đăng ký,
    kiểm tra tự động và lập phiếu thẩm định."""
    from dvht_batch.province.service import receive_folder

    cfg = _config(config_path, debug)
    if not folder.is_dir():
        fail(render("dossier-folder-not-found", folder=folder), 2)
    got = guard(lambda: receive_folder(folder, cfg, out_dir, date.today()), debug)
    for note in got.intake.notes:
        if not note.used:
            click.secho(f"Bỏ qua {note.rel}: {note.reason}", fg="yellow")
    for record in got.records:
        marks = [c.text for c in record.checks if c.effect == "block"] + record.flags
        click.echo(f"- {record.unit.name}: " + ("; ".join(marks) if marks else "không có lỗi tự động."))
    click.echo(f"Đã nhận hồ sơ của {len(got.records)} đơn vị năm {cfg.year}.")
    echo_written([got.appraisal, got.listing])
    click.echo("Tiếp theo: điền cột Kết luận (và Loại hình ở trang Don_vi) của phiếu thẩm định, rồi chạy "
               f"dvht tinh tham-dinh \"{got.appraisal}\".")


@tinh_group.command("tham-dinh")
@click.argument("workbook", metavar="PHIEU_THAM_DINH", type=click.Path(dir_okay=False, path_type=Path))
@config_option
@out_option("Thư mục kết quả của Sở (nơi có sổ đăng ký tinh.sqlite).", Path("tinh"))
@debug_option
def appraisal_command(workbook: Path, config_path, out_dir: Path, debug: bool):
    """Đọc phiếu thẩm định đã điền, lập báo cáo thẩm định, tờ trình, dự thảo quyết định công nhận, thông báo
    cho đơn vị chưa đủ điều kiện và bảng kết quả."""
    from dvht_batch.province.service import apply_appraisal

    cfg = _config(config_path, debug)
    if not workbook.is_file():
        fail(render("appraisal-not-found", path=workbook), 2)
    done = guard(lambda: apply_appraisal(workbook, cfg, out_dir, date.today()), debug)
    for notice in done.notices:
        click.secho(notice, fg="yellow")
    counts = {s: sum(1 for o in done.outcomes if o.status == s) for s in ("recognised", "refused", "pending")}
    click.echo(f"Đề nghị công nhận: {counts['recognised']} đơn vị; chưa đủ điều kiện: {counts['refused']}; "
               f"chưa kết luận: {counts['pending']}.")
    echo_written(done.written.files)
    said = set(done.notices)  # already printed above: the checklist file holds them too, the console once
    sections = [(title, [i for i in items if i not in said]) for title, items in done.written.checklist]
    sections = [(title, items) for title, items in sections if items]
    if sections:
        click.echo("Trước khi trình ký, kiểm tra:")
        for title, items in sections:
            click.echo(f"{title}:")
            for item in items:
                click.echo(f"  - {item}")


@tinh_group.command("ghi-quyet-dinh")
@click.option("--so", "number", required=True, help="Số quyết định đã ký, ví dụ 304/QĐ-UBND.")
@click.option("--ngay", "decided_on", required=True, help="Ngày ký (ngày/tháng/năm).")
@config_option
@out_option("Thư mục kết quả của Sở (nơi có sổ đăng ký tinh.sqlite).", Path("tinh"))
@debug_option
def decision_command(number: str, decided_on: str, config_path, out_dir: Path, debug: bool):
    """Ghi quyết định công nhận đã ký vào sổ đăng ký, cho mọi đơn vị được đề nghị công nhận của năm."""
    from dvht_batch.province.service import record_signed_decision

    cfg = _config(config_path, debug)
    done = guard(lambda: record_signed_decision(cfg, out_dir, number, decided_on, date.today()), debug)
    for name, level in done:
        click.echo(f"- {name}: mức độ {level}")
    click.echo(f"Đã ghi quyết định số {number.strip()} cho {len(done)} đơn vị.")


@tinh_group.command("gia-han")
@click.option("--nam", "year", type=int, required=True, help="Năm cần thông báo, ví dụ 2027.")
@config_option
@out_option("Thư mục kết quả của Sở (nơi có sổ đăng ký tinh.sqlite).", Path("tinh"))
@debug_option
def renewals_command(year: int, config_path, out_dir: Path, debug: bool):
    """Danh sách đơn vị hết thời hạn công nhận trong năm và đơn vị được đề nghị mức độ 2 từ năm đó."""
    from dvht_batch.province.service import renewal_list

    cfg = _config(config_path, debug)
    items, path = guard(lambda: renewal_list(cfg, out_dir, year), debug)
    for item in items:
        click.echo(f"- {item.line()}")
    if not items:
        click.echo(f"Năm {year} không có đơn vị nào hết thời hạn hay được đề nghị mức độ 2.")
    echo_written([path])
