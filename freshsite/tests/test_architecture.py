"""Sizes the code keeps: no module over 400 lines, no function over 60 (tests and migrations
aside). The import layers are checked by ``lint-imports`` (pyproject.toml) in ``make test``."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("freshsite", "catalog", "accounts", "home", "search", "shop", "demo", "bench")
MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60


def shipped_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    )


def test_the_modules_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in shipped_modules()}
    assert {"shop/services/checkout.py", "catalog/models.py", "bench/checkout.py"} <= names


@pytest.mark.parametrize("path", shipped_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_module_and_function_sizes(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MODULE_MAX_LINES, "split the module by what it holds"
    too_long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > FUNCTION_MAX_LINES
    ]
    assert not too_long, f"functions over {FUNCTION_MAX_LINES} lines: {too_long}"
