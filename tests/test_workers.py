"""Worker processes: results in order, through files that never outlive the call."""

from __future__ import annotations

import os

import pytest

from dedupe.engines import workers


def _square(number: int) -> list[int]:
    return [number * number] * 1000


def _fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three")
    return number


def _leftovers() -> set[str]:
    folder = workers._scratch_folder() or "/tmp"
    return {name for name in os.listdir(folder) if name.startswith("dedupe-")}


def test_results_come_back_in_order() -> None:
    before = _leftovers()
    found = list(workers.ordered_map(_square, range(40), jobs=2))
    assert found == [[n * n] * 1000 for n in range(40)]
    assert _leftovers() == before


def test_a_failing_task_raises_and_leaves_no_files() -> None:
    before = _leftovers()
    with pytest.raises(ValueError, match="three"):
        list(workers.ordered_map(_fail_on_three, range(10), jobs=2))
    assert _leftovers() == before


def test_started_work_sees_this_process_and_returns_its_result() -> None:
    data = list(range(100_000))  # not pickled: the child reads it where it is
    result = workers.started(lambda: sum(data))
    assert result() == sum(range(100_000))


def test_started_work_raises_its_error_here() -> None:
    def broken() -> int:
        raise ValueError("no scores")

    result = workers.started(broken)
    with pytest.raises(ValueError, match="no scores"):
        result()
