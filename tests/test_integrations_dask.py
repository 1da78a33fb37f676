"""Dask on a real multi-partition Parquet dataset: same rows, index, columns and
dtypes as the single-machine path, and the result can be written back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe", reason="dask is an optional integration")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from textfix.integrations import fix_dask, fix_pandas  # noqa: E402

TEXTS = [None, None, "cafÃ©", "ok", "a&amp;b", "中文", "", "naÃ¯ve", None]


def _frame():
    return pd.DataFrame(
        {"id": list(range(len(TEXTS))), "text": TEXTS, "score": [i / 2 for i in range(len(TEXTS))]},
        index=pd.Index(range(100, 100 + len(TEXTS)), name="rid"),
    )


@pytest.fixture
def parquet_dir(tmp_path: Path) -> Path:
    path = tmp_path / "corpus"
    dd.from_pandas(_frame(), npartitions=3, sort=False).to_parquet(path)  # the first partition holds only nulls
    return path


def test_dask_parquet_matches_the_pandas_path(parquet_dir: Path):
    ddf = dd.read_parquet(parquet_dir)
    assert ddf.npartitions == 3
    out = fix_dask(ddf, "text", annotate="tf")
    result = out.compute(scheduler="sync")
    single = fix_pandas(ddf.compute(), "text", annotate="tf")
    pd.testing.assert_frame_equal(result, single)
    assert list(result.index) == list(range(100, 109)) and result.index.name == "rid"
    assert result["id"].tolist() == list(range(9)) and result["score"].tolist() == [i / 2 for i in range(9)]
    texts = result["text"].tolist()
    assert [t for t in texts if isinstance(t, str)] == ["café", "ok", "a&b", "中文", "", "naïve"]
    assert json.loads(result["tf"].loc[102])["changed"] is True and pd.isna(result["tf"].loc[100])


def test_dask_meta_matches_every_partition(parquet_dir: Path):
    ddf = dd.read_parquet(parquet_dir)
    out = fix_dask(ddf, "text", annotate="tf")
    assert out["text"].dtype == ddf["text"].dtype  # the column keeps its dtype
    for i in range(out.npartitions):
        part = out.partitions[i].compute(scheduler="sync")
        assert part.dtypes.to_dict() == out._meta.dtypes.to_dict(), i


def test_dask_result_can_be_written_back_to_parquet(parquet_dir: Path, tmp_path: Path):
    out = fix_dask(dd.read_parquet(parquet_dir), "text", annotate="tf")
    out.to_parquet(tmp_path / "fixed")
    back = dd.read_parquet(tmp_path / "fixed").compute()
    assert len(back) == len(TEXTS)
    assert back["text"].tolist()[2] == "café"


def test_fix_pandas_keeps_the_column_dtype_and_object_columns():
    frame = pd.DataFrame({"text": pd.Series(["cafÃ©", None], dtype="string")})
    out = fix_pandas(frame, "text")
    assert out["text"].dtype == frame["text"].dtype and out["text"].iloc[0] == "café"
    mixed = pd.DataFrame({"text": pd.Series(["cafÃ©", 3, None], dtype=object)})
    out = fix_pandas(mixed, "text", annotate="tf")
    assert out["text"].tolist()[:2] == ["café", 3] and out["text"].dtype == object
