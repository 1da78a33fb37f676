"""Lossy mojibake: placeholder."""
from __future__ import annotations


def lossy_candidates(text: str, ws: int, we: int) -> list:
    return []
