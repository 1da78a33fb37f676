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


needs_precommit = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout: pre-commit needs a repository to clone"),
]
PC = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def pc_home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module, so the hook environment is built once."""
    pytest.importorskip("pre_commit", reason="pre-commit is a test extra")
    return tmp_path_factory.mktemp("pre-commit-home")


def _repo(path: Path, pc_home: Path, hooks: tuple[str, ...]) -> tuple[Path, dict]:
    """A fresh git repository using this checkout's hooks at HEAD, and the environment to run pre-commit in."""
    head = _git(ROOT, "rev-parse", "HEAD").stdout.strip()
    path.mkdir()
    _git(path, "init", "-q", "-b", "main")
    _git(path, "config", "user.email", "test@example.com")
    _git(path, "config", "user.name", "test")
    ids = "".join(f"  - id: {h}\n" for h in hooks)
    (path / ".pre-commit-config.yaml").write_text(f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n{ids}", encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(pc_home))
    env.pop("GIT_DIR", None)
    return path, env


@needs_precommit[0]
@needs_precommit[1]
def test_fixing_hook_fails_the_commit_then_passes(tmp_path: Path, pc_home: Path):
    repo, env = _repo(tmp_path / "corpus", pc_home, ("textfix",))
    pc = PC
    subprocess.run([*pc, "install"], cwd=repo, env=env, check=True, capture_output=True)

    damaged = repo / "doc.txt"
    damaged.write_bytes("新闻标题\r\ncafÃ© ä¸­æ–‡ and naÃ¯ve\r\n".encode("utf-8"))
    (repo / "clean.txt").write_text("干净的中文“引号”，全角标点。\n", encoding="utf-8")
    # source code is not prose: the default hook types leave it alone (a test fixture full of mojibake)
    code = 'DAMAGED = "cafÃ© ä¸­æ–‡"\n'
    (repo / "fixture.py").write_text(code, encoding="utf-8")
    _git(repo, "add", ".")
    first = subprocess.run(["git", "commit", "-q", "-m", "add"], cwd=repo, env=env, capture_output=True, text=True)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "textfix" in first.stdout + first.stderr
    assert damaged.read_bytes() == "新闻标题\r\ncafé 中文 and naïve\r\n".encode("utf-8")
    assert (repo / "fixture.py").read_text(encoding="utf-8") == code
    assert _git(repo, "rev-list", "--all").stdout == ""  # nothing was committed

    _git(repo, "add", ".")
    second = subprocess.run(["git", "commit", "-q", "-m", "add"], cwd=repo, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr
    committed = subprocess.run(["git", "show", "HEAD:doc.txt"], cwd=repo, capture_output=True, check=True).stdout
    assert committed == "新闻标题\r\ncafé 中文 and naïve\r\n".encode("utf-8")


@needs_precommit[0]
@needs_precommit[1]
def test_check_hook_config_excludes_gbk_and_ignore_marker(tmp_path: Path, pc_home: Path):
    """The report-only hook, a [tool.textfix] exclude, a GBK file and a `textfix: ignore` line, run by pre-commit."""
    repo, env = _repo(tmp_path / "site", pc_home, ("textfix-check", "textfix"))
    (repo / "pyproject.toml").write_text('[tool.textfix]\nexclude = ["vendor/*"]\n', encoding="utf-8")
    (repo / "vendor").mkdir()
    vendored = "cafÃ© ä¸­æ–‡\n".encode("utf-8")
    (repo / "vendor" / "lib.txt").write_bytes(vendored)
    gbk_text = "北京市今天发布了新的交通管理办法&amp;实施细则。\r\n保留这一行&lt;原样&gt;  # textfix: ignore\r\n"
    (repo / "news.txt").write_bytes(gbk_text.encode("gbk"))
    _git(repo, "add", ".")  # pre-commit sees a hook's changes through git

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([*PC, "run", "--files", "news.txt", "vendor/lib.txt"], cwd=repo, env=env,
                              capture_output=True, text=True)

    # textfix-check runs first: it reports news.txt (not the excluded file, not the ignored line) and fails;
    # then textfix repairs news.txt in place (still GBK and CRLF, the ignored line kept) and fails the run too
    first = run()
    assert first.returncode == 1, first.stdout + first.stderr
    assert "news.txt:1:" in first.stdout and "unicode-html-entity" in first.stdout
    assert "news.txt:2:" not in first.stdout and "vendor" not in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert (repo / "news.txt").read_bytes() == gbk_text.replace("&amp;", "&", 1).encode("gbk")
    # second run: both hooks pass, though the excluded file (passed by name) is still damaged
    _git(repo, "add", ".")
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert (repo / "vendor" / "lib.txt").read_bytes() == vendored
    # a commit touching only excluded files: the hook gets nothing to process, which is not an error
    only = subprocess.run([*PC, "run", "textfix-check", "--files", "vendor/lib.txt"], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert only.returncode == 0, only.stdout + only.stderr
