"""Trained score models kept between runs, so that a daily run scores with the month's model instead of
training one again.

A kept-model table (`int_scores__propensity_model`, `int_scores__uplift_model`,
`int_scores__lookalike_model`) holds one row per score: the fitted model (pickled), the scoring cutoff it was trained for (the month start
`int_scores__cutoffs` scores at), when it was trained, the last training cutoff and the rows it learnt
from, and its format (the score, the scikit-learn version, the model's inputs and a digest of the
training code). A run trains again
when `crosschannel__score_training_schedule` says so:

- `monthly` (the default): when the kept model was trained for another cutoff month (the first run of a
  new month), when its format differs from the code's (a new scikit-learn, other inputs, a change to
  the training code), or when it
  cannot score what it is asked to (`covers`);
- `every_run`: on every run (small data, or a change to check at once).

The table is incremental with `full_refresh: false`, so a `--full-refresh` build scores with the same
model as the daily run before it: that is what keeps an incremental build equal to a full one.
`crosschannel erase` trains again (`every_run`), so that no kept model learnt from an erased person.

The pickle is read back only from the table this project wrote: a warehouse where others can write
the `intermediate` schema should not run Python models at all.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc
import sklearn

TRAINING_SCHEDULES: Final = ("monthly", "every_run")

KEPT_MODEL_SCHEMA: Final = pa.schema(
    [
        ("score_name", pa.string()),
        ("trained_for_cutoff", pa.date32()),
        ("trained_at", pa.timestamp("us")),
        ("trained_through", pa.date32()),
        ("training_rows", pa.int64()),
        ("model_format", pa.string()),
        ("fitted_model", pa.binary()),
    ]
)


class KeptModelError(ValueError):
    """The kept model or the schedule cannot be used; the message says why."""


@dataclass(frozen=True)
class TrainedModel:
    """What a training returns: the fitted object (anything picklable), the last training cutoff and the rows."""

    fitted: object
    trained_through: date | None
    training_rows: int


def model_format(score_name: str, inputs: tuple[str, ...], code: tuple[Callable[..., object], ...]) -> str:
    """What a kept model must match to be reused: the score, the scikit-learn version, the inputs in order
    and a digest of the source of the functions that train it (a new hyperparameter trains again)."""
    source = "".join(inspect.getsource(function) for function in code)
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return f"{score_name}; scikit-learn {sklearn.__version__}; inputs {','.join(inputs)}; code {digest}"


def scoring_cutoff(cutoffs: pa.Table) -> date | None:
    """The month start int_scores__cutoffs scores at (cutoff_role scoring), or None without one (no orders)."""
    dates = [
        cutoff
        for cutoff, role in zip(cutoffs.column("cutoff_date").to_pylist(), cutoffs.column("cutoff_role").to_pylist(), strict=True)
        if role == "scoring"
    ]  # fmt: skip
    return dates[0] if dates else None


def kept_row(kept: pa.Table | None, score_name: str) -> dict[str, object] | None:
    """The kept-model table's row of a score, with whichever columns kept holds; None without the table or
    the row. The table keeps one row per score."""
    if kept is None:
        return None
    rows = kept.filter(pc.equal(kept.column("score_name"), score_name)).to_pylist()
    if len(rows) > 1:
        raise KeptModelError(f"{len(rows)} kept models for {score_name}: the table keeps one per score")
    return rows[0] if rows else None


def training_due(
    kept: pa.Table | None,
    score_name: str,
    cutoff: date,
    schedule: str,
    expected_format: str,
    covers: Callable[[], bool] = lambda: True,
) -> bool:
    """Whether the run trains the score again (see the module's docstring). kept holds the table's rows
    (the fitted_model column may be left out); covers says whether the kept model can score the run's rows,
    and is asked only when everything else allows reuse."""
    if schedule not in TRAINING_SCHEDULES:
        raise KeptModelError(
            f"crosschannel__score_training_schedule is {schedule!r}: use one of {', '.join(TRAINING_SCHEDULES)}"
        )
    row = kept_row(kept, score_name)
    if schedule == "every_run" or row is None:
        return True
    return row["trained_for_cutoff"] != cutoff or row["model_format"] != expected_format or not covers()


def kept_model_table(
    score_name: str, cutoff: date, expected_format: str, trained: TrainedModel | None, now: datetime | None = None
) -> pa.Table:
    """The row a training keeps (none when there was nothing to learn from: the table keeps what it had)."""
    if trained is None:
        return KEPT_MODEL_SCHEMA.empty_table()
    trained_at = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    return pa.table(
        {
            "score_name": [score_name],
            "trained_for_cutoff": [cutoff],
            "trained_at": [trained_at],
            "trained_through": [trained.trained_through],
            "training_rows": [trained.training_rows],
            "model_format": [expected_format],
            "fitted_model": [pickle.dumps(trained.fitted, protocol=5)],
        },
        schema=KEPT_MODEL_SCHEMA,
    )


def kept_rows(session: Any, this: object, is_incremental: bool) -> pa.Table | None:
    """The rows a kept-model table holds before the run (None on its first build), read in its dbt model."""
    return session.sql(f"select * from {this}").to_arrow_table() if is_incremental else None


def model_to_keep(
    kept: pa.Table | None,
    score_name: str,
    cutoffs: pa.Table,
    schedule: str,
    expected_format: str,
    train: Callable[[], TrainedModel | None],
    covers: Callable[[object], bool] = lambda fitted: True,
    now: datetime | None = None,
) -> pa.Table:
    """What the kept-model model returns: a new row when training is due and finds something to learn,
    else no row (an incremental run then leaves the kept one as it is). No scoring cutoff, no training.
    covers is asked whether the kept fitted model can score the run's rows."""
    cutoff = scoring_cutoff(cutoffs)
    if cutoff is None:
        return KEPT_MODEL_SCHEMA.empty_table()

    def kept_covers() -> bool:
        return kept is not None and covers(current_model(kept, score_name, cutoffs, expected_format))

    if not training_due(kept, score_name, cutoff, schedule, expected_format, kept_covers):
        return KEPT_MODEL_SCHEMA.empty_table()
    return kept_model_table(score_name, cutoff, expected_format, train(), now)


def current_model(kept: pa.Table, score_name: str, cutoffs: pa.Table, expected_format: str) -> object | None:
    """The fitted model to score this run with: the kept one if it was trained for the run's scoring
    cutoff in the code's format, else None (nothing could be learnt this month: nobody is scored)."""
    cutoff = scoring_cutoff(cutoffs)
    row = kept_row(kept, score_name)
    if cutoff is None or row is None:
        return None
    if row["trained_for_cutoff"] != cutoff or row["model_format"] != expected_format:
        return None
    return pickle.loads(row["fitted_model"])  # noqa: S301 - written by this project's own model
