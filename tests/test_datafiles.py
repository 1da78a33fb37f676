"""The shipped data files: one format, one loader, and a loud error when a file is missing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from textfix import datafiles, lm
from textfix.fixers import layout_lm, lossy_model, mojibake_lossy, spin_detect, spin_model


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the loader at an empty directory standing for the installed dictionaries."""
    monkeypatch.setattr(datafiles, "files", lambda package: tmp_path)
    return tmp_path


def test_rows_skip_comments_and_blank_lines_and_keep_spaces(data_dir: Path):
    (data_dir / "t.tsv").write_text("# a comment\n#total\t7\n\n \t3\r\n中\t2\nbad line\n", encoding="utf-8")
    assert list(datafiles.rows("t.tsv")) == [[" ", "3"], ["中", "2"], ["bad line"]]
    assert datafiles.counts("t.tsv") == {" ": 3, "中": 2}
    assert datafiles.table("t.tsv") == ({"total": "7"}, [" \t3", "中\t2", "bad line"])


def test_gz_files_are_decompressed(data_dir: Path):
    (data_dir / "t.tsv.gz").write_bytes(gzip.compress("国\t5\n".encode()))
    assert datafiles.counts("t.tsv.gz") == {"国": 5}


def test_missing_file_names_itself(data_dir: Path):
    with pytest.raises(datafiles.MissingDataFile, match="charfreq_unigram.tsv"):
        datafiles.read_text("charfreq_unigram.tsv")


LOADERS = [lm._model, layout_lm._table, spin_model.model, spin_model.word_model, spin_detect._clean_table,
           lossy_model.model, mojibake_lossy._line_ends]


def test_models_fail_loudly_when_their_table_is_missing(data_dir: Path):
    # a broken install must not quietly score every candidate alike
    for loader in LOADERS:
        loader.cache_clear()
    try:
        for loader in LOADERS:
            with pytest.raises(datafiles.MissingDataFile):
                loader()
    finally:
        for loader in LOADERS:
            loader.cache_clear()
