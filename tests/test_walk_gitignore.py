"""Directory walks skip what git ignores, as ruff does; named paths are always taken."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix.cli import app
from textfix.fileio import iter_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LATIN = "cafÃ© ä¸­æ–‡\n"
LATIN_FIXED = "café 中文\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A work tree with ignored build/ and *.log, an ignored subdirectory and a tracked-but-ignored file."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for rel in ("notes.txt", "build/out.txt", "data/keep.txt", "data/raw/dump.txt", "run.log", "forced.log"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(LATIN, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n*.log\n", encoding="utf-8")
    (tmp_path / "data" / ".gitignore").write_text("raw/\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", "forced.log"], check=True)
    return tmp_path


def walked(root: Path, **kw) -> set[str]:
    return {Path(p).relative_to(root).as_posix() for p, _ in iter_files([str(root)], **kw)}


def test_walk_skips_what_git_ignores_including_nested_gitignores(repo: Path):
    ignored: list[str] = []
    got = walked(repo, respect_gitignore=True, on_ignored=ignored.append)
    assert got == {".gitignore", "data/.gitignore", "notes.txt", "data/keep.txt", "forced.log"}
    # whole directories are pruned, not walked
    assert {Path(p).relative_to(repo).as_posix() for p in ignored} == {"build", "data/raw", "run.log"}
    assert {"build/out.txt", "run.log", "data/raw/dump.txt"} <= walked(repo)  # off: everything


def test_an_ignored_directory_named_explicitly_is_walked(repo: Path):
    # a data/ directory kept out of the repository is exactly what a corpus user points textfix at
    assert walked(repo / "build", respect_gitignore=True) == {"out.txt"}
    assert walked(repo / "data" / "raw", respect_gitignore=True) == {"dump.txt"}


def test_outside_a_work_tree_nothing_is_filtered(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    # tmp_path is not a repository (and its parents are not, on a test machine): .gitignore has no say
    if subprocess.run(["git", "-C", str(tmp_path), "rev-parse"], capture_output=True).returncode == 0:
        pytest.skip("the temporary directory is inside a git work tree")
    assert "a.txt" in walked(tmp_path, respect_gitignore=True)


def test_cli_fix_leaves_ignored_files_and_says_why_when_nothing_is_left(repo: Path, monkeypatch):
    monkeypatch.chdir(repo)
    runner = CliRunner()
    r = runner.invoke(app, ["check", "--no-config", "--include", "*.log", "."])
    assert r.exit_code == 1 and "forced.log" in r.output and "run.log" not in r.output  # tracked files count
    r = runner.invoke(app, ["check", "--no-config", "--include", "run.log", "."])
    assert r.exit_code == 0 and "paths ignored by git; --no-respect-gitignore includes them" in r.stderr
    r = runner.invoke(app, ["check", "--no-config", "--no-respect-gitignore", "--include", "run.log", "."])
    assert r.exit_code == 1 and "run.log" in r.output
    # a file named explicitly is taken even if ignored (pre-commit and users name files on purpose)
    r = runner.invoke(app, ["check", "--no-config", "run.log"])
    assert r.exit_code == 1 and "run.log" in r.output
    r = runner.invoke(app, ["fix", "--no-config", "."])
    assert r.exit_code == 0, r.output
    assert (repo / "notes.txt").read_text(encoding="utf-8") == LATIN_FIXED
    assert (repo / "build/out.txt").read_text(encoding="utf-8") == LATIN  # ignored: untouched
    assert (repo / "run.log").read_text(encoding="utf-8") == LATIN


def test_config_can_turn_gitignore_off(repo: Path, monkeypatch):
    (repo / "textfix.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    r = CliRunner().invoke(app, ["check", "--include", "*.log", "."])
    assert r.exit_code == 1 and "run.log" in r.output
    (repo / "textfix.toml").write_text('respect-gitignore = "no"\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["check", "."])
    assert r.exit_code == 2 and "respect-gitignore must be a bool" in r.stderr
