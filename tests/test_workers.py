"""Worker processes: results in order, through files that never outlive the call."""

from __future__ import annotations

import os
from collections.abc import Sequence

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


@pytest.mark.parametrize(("workers_count", "slices"), [(1, 1), (2, 2), (3, 3), (7, 5)])
def test_split_map_keeps_order_across_processes(workers_count: int, slices: int) -> None:
    pids: set[int] = set()

    def tagged(items: Sequence[int]) -> list[tuple[int, int]]:
        pid = os.getpid()
        pids.add(pid)  # only this process's set changes: a child's copy is its own
        return [(item * 2, pid) for item in items]

    found = workers.split_map(tagged, list(range(10)), workers_count)

    assert [value for value, _ in found] == [item * 2 for item in range(10)]
    assert len({pid for _, pid in found}) == slices  # slices of ceil(10 / workers) items
    assert pids == {os.getpid()}
