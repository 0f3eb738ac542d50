"""What the installed package ships besides its modules."""

import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_data_patterns() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]["package-data"]["whosaid"]


def test_the_package_declares_its_type_hints():
    # Without the PEP 561 marker, mypy and pyright treat `import whosaid` as untyped
    # and the records' annotations (Quote, Speaker, ArticleResult) reach no one.
    assert files("whosaid").joinpath("py.typed").is_file()
    assert "py.typed" in package_data_patterns()


def test_every_declared_data_pattern_names_a_file():
    # A pattern that matches nothing ships nothing, silently.
    package = ROOT / "src" / "whosaid"
    empty = [pattern for pattern in package_data_patterns() if not any(package.glob(pattern))]
    assert empty == []
