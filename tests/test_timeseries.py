"""over_time on a hand-built score table whose weekly values are computed by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from framing.errors import AnalysisError
from framing.analysis.over_time import over_time


def weekly_scores() -> pd.DataFrame:
    # Week of 2024-01-01: two A articles; week of 01-08: none; week of 01-15: one A, one B.
    table = pd.DataFrame({
        "id": ["a1", "a2", "a3", "b1"],
        "outlet": ["A", "A", "A", "B"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-07", "2024-01-16", "2024-01-17"]),
        "n_tokens": [100, 300, 200, 500],
        "security_hits": [2.0, 0.0, 1.0, 5.0],
        "security_tone": [0.5, np.nan, -0.2, 0.1],
        "sentiment": [0.1, 0.3, -0.4, 0.0],
    })
    table["security_per_1k"] = 1000 * table["security_hits"] / table["n_tokens"]
    return table


def value(table, measure, period, **group):
    rows = table[(table.measure == measure) & (table.period == pd.Timestamp(period))]
    for column, wanted in group.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1
    return rows.iloc[0]


def test_weekly_means_and_pooled_rate_by_hand():
    table = over_time(weekly_scores(), freq="W")
    assert list(table.columns) == ["period", "measure", "n", "value"]
    assert list(dict.fromkeys(table.measure)) == ["security_per_1k", "security_tone", "sentiment",
                                                  "security_per_1k_pooled"]
    # mean of per-article rates: (20 + 0) / 2 = 10; pooled: 1000 · 2 / 400 = 5
    assert value(table, "security_per_1k", "2024-01-01")["value"] == pytest.approx(10.0)
    assert value(table, "security_per_1k_pooled", "2024-01-01")["value"] == pytest.approx(5.0)
    # week 3: rates 5 and 10 → mean 7.5; pooled 1000 · 6 / 700
    assert value(table, "security_per_1k", "2024-01-15")["value"] == pytest.approx(7.5)
    assert value(table, "security_per_1k_pooled", "2024-01-15")["value"] == pytest.approx(6000 / 700)
    # tone is NaN where the frame is absent: n counts the values used
    assert value(table, "security_tone", "2024-01-01")["n"] == 1
    assert value(table, "sentiment", "2024-01-01")["n"] == 2


def test_empty_periods_appear_with_zero_n():
    table = over_time(weekly_scores(), freq="W", measures=["sentiment"])
    assert table["period"].tolist() == [pd.Timestamp(d) for d in ("2024-01-01", "2024-01-08", "2024-01-15")]
    gap = value(table, "sentiment", "2024-01-08")
    assert gap["n"] == 0 and math.isnan(gap["value"])


def test_by_group_fills_the_grid():
    table = over_time(weekly_scores(), freq="W", by="outlet", measures=["security_per_1k_pooled"])
    assert list(table.columns) == ["outlet", "period", "measure", "n", "value"]
    assert len(table) == 2 * 3
    assert value(table, "security_per_1k_pooled", "2024-01-15", outlet="B")["value"] == pytest.approx(10.0)
    assert value(table, "security_per_1k_pooled", "2024-01-01", outlet="B")["n"] == 0


def test_monthly_and_offset_aliases_and_multiples():
    monthly = over_time(weekly_scores(), freq="M", measures="sentiment")
    assert len(monthly) == 1 and monthly.loc[0, "value"] == pytest.approx(0.0) and monthly.loc[0, "n"] == 4
    pd.testing.assert_frame_equal(monthly.reset_index(drop=True),
                                  over_time(weekly_scores(), freq="ME", measures="sentiment"), check_like=True)
    fortnights = over_time(weekly_scores(), freq="2W", measures="sentiment")
    assert fortnights["n"].sum() == 4
    assert fortnights["period"].diff().dropna().eq(pd.Timedelta(weeks=2)).all()


def test_rows_without_dates_are_dropped_with_a_count():
    scores = weekly_scores()
    scores.loc[1, "date"] = pd.NaT
    with pytest.warns(UserWarning, match="dropped 1 of 4 rows with no date"):
        table = over_time(scores, measures="sentiment")
    assert table["n"].sum() == 3


def test_string_dates_are_parsed():
    scores = weekly_scores()
    scores["date"] = scores["date"].dt.strftime("%Y-%m-%d")
    assert over_time(scores, measures="sentiment")["n"].tolist() == [2, 0, 2]


def test_errors_name_what_is_missing():
    scores = weekly_scores()
    with pytest.raises(AnalysisError, match="no date column 'date'"):
        over_time(scores.drop(columns="date"))
    with pytest.raises(AnalysisError, match="'published'"):
        over_time(scores, date="published")
    with pytest.raises(AnalysisError, match="freq="):
        over_time(scores, freq="fortnightly")
    with pytest.raises(AnalysisError, match="'balance_hits'"):
        over_time(scores, measures=["balance_per_1k_pooled"])
    with pytest.raises(AnalysisError, match="'outlt'"):
        over_time(scores, by="outlt")
