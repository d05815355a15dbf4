"""The tests' own seams: shared support lives in tests/support/, no test module imports another test module or a
conftest, and benchmarks take from tests/ only what tests/support/ offers."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _outside_support(name: str) -> bool:
    return name.startswith("tests.") and not name.startswith("tests.support")


def test_no_test_module_imports_another_test_module_or_a_conftest():
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in sorted((ROOT / "tests").rglob("*.py"))
             for line, name in _imported(path)
             if _outside_support(name) and (name.rsplit(".", 1)[-1].startswith("test_") or name.endswith("conftest"))]
    assert not wrong, "move what is shared to tests/support/:\n" + "\n".join(wrong)


def test_benchmarks_take_only_support_from_tests():
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in sorted((ROOT / "benchmarks").rglob("*.py"))
             for line, name in _imported(path) if name == "tests" or _outside_support(name)]
    assert not wrong, "\n".join(wrong)


def test_factories_live_in_support_by_area():
    stray = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("factories*.py")
                   if "support" not in path.parts)
    assert not stray, stray
    areas = {path.name for path in (ROOT / "ideas").iterdir() if (path / "__init__.py").is_file()}
    factories = {path.stem for path in (ROOT / "tests" / "support" / "factories").glob("*.py")} - {"__init__"}
    # browse (filing's search), world (a province for the permission matrix) and history (a province reorganised
    # mid-year, read by accounts, dashboards, rewards and api tests) are not areas of their own
    assert factories - {"browse", "world", "history"} <= areas, factories - areas
