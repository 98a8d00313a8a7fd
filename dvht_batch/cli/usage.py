"""Click's usage errors, said in Vietnamese: one place for every command of `dvht`.

Click words its errors in English ("Invalid value for '--out': Directory 'x' is a file.", "Missing
argument 'INPUT_DIR'.", "No such option '--outt'."). `VietnameseGroup` runs the command line as click
does, but catches every `click.UsageError` (and `click.Abort`) on the way out and prints the same
facts in Vietnamese, with the usage line and where to find help; the exit status stays 2 (1 for an
interrupted prompt). The facts come from the exception's attributes (option name, parameter, kind);
only messages of click's own value types are recognised by their wording, and anything not recognised
is still framed in Vietnamese.
"""
from __future__ import annotations

import re
import sys

import click
from click.exceptions import NoArgsIsHelpError

from dvht_batch.messages import render

_HELP_HINT = "Xem hướng dẫn: {path} --help"

# Messages of click's value types (click.Path, IntRange, INT…), recognised by their wording.
_PATH_KINDS = {"file": "tệp", "directory": "thư mục", "path": "đường dẫn"}
_TYPE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:File|Directory|Path) (?P<v>.+) is a file\."),
     "{v} là một tệp, không phải thư mục. Hãy chỉ một thư mục (hoặc một tên chưa có để công cụ tạo mới)"),
    (re.compile(r"(?:File|Directory|Path) (?P<v>.+) is a directory\."),
     "{v} là một thư mục, không phải tệp. Hãy chỉ đường dẫn tới một tệp"),
    (re.compile(r"(?P<k>File|Directory|Path) (?P<v>.+) does not exist\."), "không tìm thấy {k} {v}"),
    (re.compile(r"(?P<k>File|Directory|Path) (?P<v>.+) is not readable\."), "không có quyền đọc {k} {v}"),
    (re.compile(r"(?P<k>File|Directory|Path) (?P<v>.+) is not writable\."), "không có quyền ghi vào {k} {v}"),
    (re.compile(r"(?P<v>.+) is not in the range (?P<r>.+)\."), "{v} nằm ngoài khoảng cho phép ({r})"),
    (re.compile(r"(?P<v>.+) is not a valid integer\."), "{v} không phải số nguyên"),
    (re.compile(r"(?P<v>.+) is not a valid float\."), "{v} không phải số"),
    (re.compile(r"(?P<v>.+) is not a valid boolean\..*"), "{v} không phải true/false"),
    (re.compile(r"(?P<v>.+) is not one of (?P<r>.+)\."), "{v} không hợp lệ: chọn một trong {r}"),
)
_EXTRA_ARGS = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)")
_REQUIRES_VALUE = re.compile(r"Option (?P<o>'.+') requires (?:an argument|\d+ arguments)\.")
_TAKES_NO_VALUE = re.compile(r"Option (?P<o>'.+') does not take a value\.")


def _range(text: str) -> str:
    """click's '2000<=x<=2100' → 'từ 2000 đến 2100'."""
    m = re.fullmatch(r"(?P<lo>[^<>=]+)<=?x<=?(?P<hi>[^<>=]+)", text)
    if m:
        return f"từ {m['lo']} đến {m['hi']}"
    m = re.fullmatch(r"x(?P<op>[<>]=?)(?P<n>.+)", text)
    if m:
        words = {">=": "từ {} trở lên", ">": "lớn hơn {}", "<=": "không quá {}", "<": "nhỏ hơn {}"}
        return words[m["op"]].format(m["n"])
    return text


def _type_message(message: str) -> str:
    for pattern, template in _TYPE_MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m is None:
            continue
        found = m.groupdict()
        if "k" in found:
            found["k"] = _PATH_KINDS[found["k"].lower()]
        if "r" in found:
            found["r"] = _range(found["r"])
        return template.format(**found)
    return message  # our own callbacks (--period) already speak Vietnamese


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "tham số"
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return "/".join(param.opts)


def vietnamese_message(exc: click.UsageError) -> str:
    """The clerk-facing text of a usage error (without the usage line)."""
    message = exc.message
    if isinstance(exc, click.NoSuchOption):
        text = f"không có tùy chọn '{exc.option_name}'."
        if exc.possibilities:
            text += " Có phải ý bạn là " + " hoặc ".join(f"'{p}'" for p in exc.possibilities) + "?"
        return text
    if isinstance(exc, click.NoSuchCommand):
        text = f"không có lệnh '{exc.command_name}'."
        if exc.possibilities:
            text += " Có phải ý bạn là " + " hoặc ".join(f"'{p}'" for p in exc.possibilities) + "?"
        return text
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        kind = "đối số" if isinstance(param, click.Argument) else "tùy chọn"
        text = f"thiếu {kind} bắt buộc {_param_name(param)}."
        envvar = getattr(param, "envvar", None)
        if envvar:
            names = [envvar] if isinstance(envvar, str) else list(envvar)
            text += " (Có thể đặt qua biến môi trường " + ", ".join(names) + ".)"
        return text
    if isinstance(exc, click.BadParameter):
        return f"giá trị không hợp lệ cho {_param_name(exc.param)}: {_type_message(message).rstrip('.')}."
    if m := _EXTRA_ARGS.fullmatch(message):
        return (f"thừa đối số: {m['args']}. Lệnh này không nhận thêm các giá trị đó; nếu là một đường dẫn có "
                "dấu cách, hãy đặt cả đường dẫn trong ngoặc kép.")
    if m := _REQUIRES_VALUE.fullmatch(message):
        return f"tùy chọn {m['o']} cần một giá trị đi kèm."
    if m := _TAKES_NO_VALUE.fullmatch(message):
        return f"tùy chọn {m['o']} không nhận giá trị."
    if message == "Missing command.":
        return "thiếu tên lệnh (ví dụ: dvht run THƯ_MỤC)."
    return f"dòng lệnh không hợp lệ ({message})."


def show_usage_error(exc: click.UsageError) -> None:
    """Print the error as click would (usage line, help hint, message), in Vietnamese, to stderr."""
    ctx = exc.ctx
    if ctx is not None:
        usage = ctx.get_usage().replace("Usage:", "Cách dùng:", 1)
        lines = [usage, _HELP_HINT.format(path=ctx.command_path), ""]
    else:  # raised by click's parser before a context exists
        lines = [_HELP_HINT.format(path="dvht"), ""]
    lines.append("Lỗi: " + vietnamese_message(exc))
    click.echo("\n".join(lines), err=True, color=ctx.color if ctx else None)


class VietnameseHelpFormatter(click.HelpFormatter):
    """`--help` in Vietnamese: click's own words (Usage, Options, default, required) translated."""

    HEADINGS = {"Options": "Tùy chọn", "Commands": "Các lệnh", "Arguments": "Tham số"}
    WORDS = (("[default: ", "[mặc định: "), ("[required]", "[bắt buộc]"), ("; required]", "; bắt buộc]"),
             ("Show this message and exit.", "Xem hướng dẫn này."), ("Show the version and exit.", "Xem phiên bản."))

    USAGE_WORDS = (("[OPTIONS]", "[TÙY_CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [THAM_SỐ]..."))
    METAVARS = {"TEXT": "GIÁ_TRỊ", "DIRECTORY": "THƯ_MỤC", "FILE": "TỆP", "PATH": "ĐƯỜNG_DẪN", "INTEGER": "SỐ",
                "INTEGER RANGE": "SỐ"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, vietnamese in self.USAGE_WORDS:
            args = args.replace(english, vietnamese)
        super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(self._term(term), self._translated(text)) for term, text in rows], col_max, col_spacing)

    def _term(self, term: str) -> str:
        """`--out DIRECTORY` → `--out THƯ_MỤC` (the value's kind; option names stay as typed)."""
        option, sep, metavar = term.rpartition(" ")
        if sep and metavar in self.METAVARS:
            return f"{option} {self.METAVARS[metavar]}"
        if term.endswith(" INTEGER RANGE"):
            return term[: -len(" INTEGER RANGE")] + " SỐ"
        return term

    def _translated(self, text: str) -> str:
        for english, vietnamese in self.WORDS:
            text = text.replace(english, vietnamese)
        return text


class VietnameseContext(click.Context):
    formatter_class = VietnameseHelpFormatter


class VietnameseCommand(click.Command):
    context_class = VietnameseContext


class VietnameseGroup(click.Group):
    """A click group whose usage errors (its own and its commands') reach the clerk in Vietnamese."""

    context_class = VietnameseContext
    command_class = VietnameseCommand

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # bare `dvht`: the help text, as click shows it
            if not standalone_mode:
                raise
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            if not standalone_mode:
                raise
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            if not standalone_mode:
                raise
            click.echo("\n" + render("stopped-by-user"), err=True)
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)  # --help / --version return their exit code here
