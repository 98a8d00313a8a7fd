"""Every sentence an error carries comes from the catalogue (`dvht_batch/messages/`, README "Messages"): no
`raise …(…)`, no refusal (the web app's `Refused(…)`, `refusal(…)`, a command's `fail(…)`), no check of a
dossier (`Check(…)`) and no exception built for raising later (`…Error(…)`, `…Fault(…)`) holds a Vietnamese
string literal outside `messages/` — neither directly, nor split over lines, concatenated, in an f-string,
or in a local variable passed to it.

A single Vietnamese word is allowed (a joiner such as `" và ".join(…)`, a position such as f"dòng {line}");
two words (an f-string's fields not counted) are a sentence or a phrase of one, and belong to the catalogue."""
from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dvht_batch"
VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.IGNORECASE)
# refusals of the web app (web/common.Refused, web/security.refusal), of a command (cli/common.fail), a
# dossier's automatic checks (province/checks.Check) and exceptions built before being raised
_REFUSALS = re.compile(r"^(Refused|refusal|fail|Check|\w*Error|\w*Fault)$")


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _texts(node: ast.AST) -> list[str]:
    """The string literals inside `node`; an f-string as one text, its fields shown as {}."""
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    return [text for child in ast.iter_child_nodes(node) for text in _texts(child)]


def _names(node: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _sentences(node: ast.AST, assigned: dict[str, list[ast.AST]], seen: frozenset[str] = frozenset()) -> list[str]:
    """The Vietnamese texts of two words or more inside `node`, following local variables it names."""
    found = [t for t in _texts(node) if VIETNAMESE.search(t) and len(t.replace("{}", " ").split()) > 1]
    for name in set(_names(node)) & set(assigned) - seen:
        for value in assigned[name]:
            found += _sentences(value, assigned, seen | {name})
    return found


def _assignments(scope: ast.AST) -> dict[str, list[ast.AST]]:
    """name → the values assigned to it in `scope` (a function, or a module's top level)."""
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return assigned


def inline_sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Vietnamese text an error or a refusal carries in `source`, a module's code."""
    tree = ast.parse(source)
    found = []
    scopes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for scope in scopes:
        assigned = _assignments(scope)
        for node in ast.walk(scope):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
            elif isinstance(node, ast.Call) and _REFUSALS.match(_callee(node)):
                call = node
            else:
                continue
            for argument in [*call.args, *(k.value for k in call.keywords)]:
                found += [(call.lineno, text) for text in _sentences(argument, assigned)]
    return sorted(set(found))


def _found() -> dict[str, list[str]]:
    """module → its inline sentences ('line: text'), for every module outside messages/."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "messages" not in path.relative_to(PACKAGE).parts:
            texts = [f"{line}: {text!r}" for line, text in inline_sentences(path.read_text(encoding="utf-8"))]
            if texts:
                found[path.relative_to(PACKAGE.parent).as_posix()] = texts
    return found


def test_no_error_or_refusal_carries_its_own_sentence():
    found = _found()
    assert found == {}, "move these sentences to dvht_batch/messages/ and render them:\n" + \
        "\n".join(f"{module}:{text}" for module in sorted(found) for text in found[module])


def test_the_check_finds_each_form_of_an_inline_sentence():
    """The check itself can fail: each way a sentence can be typed where an error is raised is found."""
    source = textwrap.dedent('''
        def one(path, exc):
            raise DvhtError(f"Không đọc được '{path}': {exc}.")

        def two(folder):
            raise Refused(400, f"Chưa có tệp nào cho kỳ này (thư mục '{folder}' "
                               "chưa có): hãy tải tệp lên trước.")

        def three(problems):
            raise RecognitionError("Không ghi được quyết định:\\n" + "\\n".join(problems))

        def four(user):
            text = f"Đăng nhập hộp thư '{user}' không thành công."
            raise MailFetchError(text) from None

        def five(head):
            return DiskFullError(f"{head}: ổ đĩa đã đầy.")

        def six():
            return refusal(403, "Mã truy cập không đúng", "Hãy mở lại ứng dụng.")

        def seven(folder):
            fail(f"Không tìm thấy thư mục hồ sơ '{folder}'.", 2)

        def allowed(keys, exc, line):
            raise ConfigError(render("mail-server-missing", keys=" và ".join(keys)))
            raise ConfigError(render("bad-key", place=f"dòng {line}"))
            raise fault_from_os_error(exc, action="đọc")
            raise ValueError(f"unknown encoding {exc!r}")
    ''')
    lines = [line for line, _ in inline_sentences(source)]
    assert lines == [3, 6, 10, 14, 17, 20, 20, 23], inline_sentences(source)
