"""What every command shares: turning library errors into messages and exit codes (`guard`), and the
options several commands take (`--out`, `--config`, a folder, `--debug`).

Exit status: 0 when the outputs were written (rejected files included); 2 for a bad command line
or configuration; 1 when outputs could not be written (e.g. a file open in Excel, a folder that cannot
be written, a full disk: every OSError reaching `guard` is said in Vietnamese by `system.os_faults`).
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from dvht_batch.errors import ConfigError, DvhtError, OutputLockedError, RuleSetError
from dvht_batch.messages import render, unexpected
from dvht_batch.period import Period
from dvht_batch.system.os_faults import fault_from_os_error, find_os_error


def parse_period(ctx, param, value):
    if value is None:
        return None
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def fail(message: str, code: int) -> None:
    tell_settled()
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def tell_settled() -> None:
    """What taking the output folder settled of a killed run (`output.recovery`), told once: which run was
    finished or put back, the clerk's files set aside. A run's summary tells it itself (`output_notes`)."""
    from dvht_batch.output.recovery import notes, take_news

    for line in notes(take_news()):
        click.secho(line, fg="yellow")


def guard(fn, debug: bool = False):
    """Run a library call, turning domain errors into messages and exit codes (never a traceback); what the
    call settled of a killed run is told first (`tell_settled`)."""
    try:
        value = fn()
        tell_settled()
        return value
    except (ConfigError, RuleSetError) as exc:
        fail(str(exc), 2)
    except OutputLockedError as exc:
        fail(str(exc), 1)
    except DvhtError as exc:
        fail(str(exc), 1)
    except KeyboardInterrupt:
        fail(render("stopped-by-user"), 130)
    except Exception as exc:  # a fault of the machine (Vietnamese, exit 1); else a bug: details on request
        cause = find_os_error(exc)
        if cause is not None:
            fail(str(fault_from_os_error(cause)), 1)
        if debug:
            traceback.print_exc()
        fail(unexpected(exc, "details-with-debug"), 1)


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


def echo_written(paths) -> None:
    for path in paths:
        click.echo(f"Đã lập: {path}")
