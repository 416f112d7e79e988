"""Worker processes for the local engine: forked where possible, results handed back in files.

A task's result is a few MB of arrays and texts. Through the pool's pipe, 64 KB at a time,
a 10 MB result cost its worker about 70 ms of waiting; written to a pickle file in
/dev/shm (memory) that the parent loads and deletes, about 19 ms. On two cores that was a
quarter of a second of a 200,000-paragraph scan.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache, partial
from multiprocessing.connection import Connection
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# glibc heap settings of a reading worker (mallopt): arrays up to 32 MB come from the heap
# instead of fresh mappings, and what it frees stays for its next task instead of going
# back to the system. A 200k-paragraph scan's workers then took 24k page faults instead of
# 110k and read 0.06-0.09 s sooner; they exit when reading ends.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
WORKER_HEAP = {M_MMAP_THRESHOLD: 32 << 20, M_TRIM_THRESHOLD: 1 << 30, M_TOP_PAD: 64 << 20}


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int
) -> Iterator[Result]:
    """`function` of each item, in order, computed in `jobs` worker processes."""
    return_freed_memory()  # forked workers would copy those pages as they reuse them
    scratch = tempfile.TemporaryDirectory(prefix="dedupe-", dir=_scratch_folder())
    with scratch as folder, _start_pool(jobs) as pool:  # the pool ends before the folder
        for path in pool.imap(partial(_to_file, function, folder), items):
            with open(path, "rb") as file:
                result: Result = pickle.load(file)
            os.unlink(path)
            yield result


def split_map(
    function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], workers: int
) -> list[Result]:
    """`function` of `items` cut into `workers` slices, results in order: this process does
    the first slice while forked ones (`started`) do the others. For pure-Python work,
    which threads cannot share."""
    if workers <= 1 or len(items) < 2:
        return function(items)
    size = -(-len(items) // workers)
    others = [started(partial(function, items[begin : begin + size]))
              for begin in range(size, len(items), size)]
    found = function(items[:size])
    for result in others:
        found.extend(result())
    return found


def started(function: Callable[[], Result]) -> Callable[[], Result]:
    """Start `function` now in a forked process; the call returned waits for its result.

    The child sees this process's memory as it is (only the result is pickled), so numpy
    work there and Python work here run at the same time, which threads cannot do under
    the GIL. Where there is no fork, `function` runs on a thread.
    """
    if not sys.platform.startswith("linux"):
        pool = ThreadPoolExecutor(1)
        future = pool.submit(function)
        pool.shutdown(wait=False)  # the thread ends with `function`
        return future.result
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_send_result, args=(function, sending), daemon=True)
    with _forking():
        child.start()
    sending.close()

    def result() -> Result:
        try:
            succeeded, value = receiving.recv()
        except EOFError:
            raise RuntimeError(f"a worker process ended with code {child.exitcode}") from None
        finally:
            child.join()
            receiving.close()
        if not succeeded:
            raise value
        outcome: Result = value
        return outcome

    return result


def _send_result(function: Callable[[], object], sending: Connection) -> None:
    gc.freeze()  # inherited objects stay out of this process's collections (see below)
    try:
        sending.send((True, function()))
    except BaseException as error:  # handed to the parent, which raises it
        sending.send((False, error))
    finally:
        sending.close()


def return_freed_memory() -> None:
    """Give the pages of freed arrays back to the system. glibc keeps arrays of a few MB
    (a batch's) on its heap, so a million-paragraph scan held 470 MB it no longer used."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _glibc() -> ctypes.CDLL | None:
    """The C library where it is glibc (it has malloc_trim and mallopt), else None."""
    libc = ctypes.CDLL(None) if sys.platform.startswith("linux") else None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def _worker_started() -> None:
    """Set up a reading worker: the objects it inherits are left out of its garbage
    collections (which touched them all, copying their pages: 0.15 s of a 200k-paragraph
    scan run in a process that had scanned before), and its heap keeps what it frees."""
    gc.freeze()
    libc = _glibc()
    if libc is not None:
        for setting, value in WORKER_HEAP.items():
            libc.mallopt(setting, value)


def _to_file(function: Callable[[Item], Result], folder: str, item: Item) -> str:
    """Run `function` on `item` and pickle the result into a new file in `folder`."""
    result = function(item)
    handle, path = tempfile.mkstemp(dir=folder, suffix=".pickle")
    with os.fdopen(handle, "wb") as file:
        pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _scratch_folder() -> str | None:
    """/dev/shm where there is one (memory, not disk), else the system's temporary folder."""
    shared = Path("/dev/shm")
    return str(shared) if shared.is_dir() and os.access(shared, os.W_OK) else None


def _start_pool(jobs: int) -> Pool:
    """`jobs` worker processes: forked on Linux, so they start in milliseconds with what this
    process imported (spawned ones import numpy and the readers again, 0.3 s each)."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    with _forking():
        return multiprocessing.get_context(method).Pool(jobs, initializer=_worker_started)


@contextmanager
def _forking() -> Iterator[None]:
    """Python 3.12+ warns about forking a process with threads; the only other thread here
    is the BLAS pool numpy starts, which forked code never uses."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        yield
