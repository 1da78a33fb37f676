"""The pre-commit hook, installed by the real pre-commit tool from this checkout.

pre-commit clones this repository at HEAD and installs textfix into its own
environment from PyPI, so the test runs the hook exactly as a user's commit
would. It needs a git checkout (not an sdist) and network access to PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout: pre-commit needs a repository to clone")
def test_fixing_hook_fails_the_commit_then_passes(tmp_path: Path):
    pytest.importorskip("pre_commit", reason="pre-commit is a test extra")
    head = _git(ROOT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "corpus"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "test@example.com")
    _git(repo, "config", "user.name", "test")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: textfix\n", encoding="utf-8"
    )
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env.pop("GIT_DIR", None)
    pc = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pc, "install"], cwd=repo, env=env, check=True, capture_output=True)

    damaged = repo / "doc.txt"
    damaged.write_bytes("新闻标题\r\ncafÃ© ä¸­æ–‡ and naÃ¯ve\r\n".encode("utf-8"))
    (repo / "clean.txt").write_text("干净的中文“引号”，全角标点。\n", encoding="utf-8")
    _git(repo, "add", ".")
    first = subprocess.run(["git", "commit", "-q", "-m", "add"], cwd=repo, env=env, capture_output=True, text=True)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "textfix" in first.stdout + first.stderr
    assert damaged.read_bytes() == "新闻标题\r\ncafé 中文 and naïve\r\n".encode("utf-8")
    assert _git(repo, "rev-list", "--all").stdout == ""  # nothing was committed

    _git(repo, "add", ".")
    second = subprocess.run(["git", "commit", "-q", "-m", "add"], cwd=repo, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr
    committed = subprocess.run(["git", "show", "HEAD:doc.txt"], cwd=repo, capture_output=True, check=True).stdout
    assert committed == "新闻标题\r\ncafé 中文 and naïve\r\n".encode("utf-8")
