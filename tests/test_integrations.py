"""Distributed-engine adapters: Dask runs for real; the pandas path is what Spark's mapInPandas calls."""

from __future__ import annotations

import json

import pytest

from textfix.integrations import fix_batch, fix_pandas_iter
from textfix.options import Options


def test_fix_batch_keeps_other_columns_and_non_strings():
    batch = {"id": [1, 2, 3], "text": ["cafÃ©", None, "干净"]}
    out = fix_batch(batch, annotate="tf")
    assert out["id"] == [1, 2, 3]
    assert out["text"] == ["café", None, "干净"]
    assert json.loads(out["tf"][0])["edits"][0]["rule"] == "mojibake-latin"
    assert out["tf"][1] is None
    assert batch["text"][0] == "cafÃ©"  # the input batch is not mutated


def test_fix_batch_honours_options():
    out = fix_batch({"text": ["cafÃ© &amp;"]}, options=Options(select=("unicode",)))
    assert out["text"] == ["cafÃ© &"]


def test_dask_dataframe_partitions():
    dd = pytest.importorskip("dask.dataframe", reason="dask is an optional integration")
    pd = pytest.importorskip("pandas")
    from textfix.integrations import fix_dask

    frame = pd.DataFrame({"id": range(6), "text": ["cafÃ©", "ok", None, "naÃ¯ve", "a&amp;b", "中文"]})
    ddf = dd.from_pandas(frame, npartitions=3)
    result = fix_dask(ddf, "text", annotate="tf").compute(scheduler="processes", num_workers=2)
    texts = result["text"].tolist()
    assert pd.isna(texts[2])  # missing values stay missing (None or NaN, by pandas version)
    assert texts[:2] + texts[3:] == ["café", "ok", "naïve", "a&b", "中文"]
    assert result["id"].tolist() == list(range(6))
    assert json.loads(result["tf"].iloc[3])["changed"] is True


def test_spark_style_map_in_pandas_iterator():
    pd = pytest.importorskip("pandas")
    frames = [pd.DataFrame({"text": ["cafÃ©"]}), pd.DataFrame({"text": ["ok"]})]
    out = list(fix_pandas_iter(iter(frames), "text"))
    assert [f["text"].tolist() for f in out] == [["café"], ["ok"]]
