"""Engines: how the per-document function is mapped over the documents of a run.

Every engine takes ``process(path, limits) -> DocumentResult`` (a top-level,
picklable function) and a list of ``(index, path)`` tasks, and yields
``(index, result)`` as documents finish, in completion order; the caller
merges in sorted order, so the tables do not depend on the engine.

- :func:`map_in_process`: one document after another in this process
  (``--workers 1``). ``--doc-timeout`` is enforced with ``SIGALRM`` (POSIX,
  main thread only); there is no memory limit and no crash isolation.
- :func:`map_pool`: ``N`` worker processes (``spawn``), each building the spaCy
  pipeline once. The parent keeps each worker ``QUEUED`` documents ahead (the
  largest files first), and a worker answers them in the order it got them, so
  the parent always knows which document a worker holds: the first it has not
  answered. A worker that overruns ``--doc-timeout`` is killed and replaced, and a
  worker that dies (segfault, the kernel's OOM killer, an allocation failure under
  ``--max-memory-mb``) costs exactly the document it held; the documents queued
  behind it go to the other workers. Both are reported as error results. A worker
  is replaced by a fresh one after ``recycle`` documents, so what a long run leaves
  behind in a process (spaCy's string store grows with every new word, the heap
  fragments after a large document) cannot add up.
- :func:`map_dask`: the same function on a Dask cluster; file bytes travel to
  the workers, so no shared filesystem is needed (the workers need the same
  ``pipeline`` code installed, which is checked).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import threading
import time
import uuid
import warnings
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.cache import pipeline_fingerprint
from pipeline.readers.limits import ReadLimits
from pipeline.types import DocumentResult

Process = Callable[[Path, ReadLimits], DocumentResult]
Task = tuple[int, Path]
#: Error kinds an engine reports (not the document's fault alone: never cached).
RUN_FAULT_KINDS = frozenset({"timeout", "crash", "memory"})
_READY = "ready"
#: Seconds a new worker may take to import and build the spaCy pipeline.
STARTUP_SECONDS = 300.0


class EngineError(Exception):
    """The run cannot go on (a worker cannot start, the cluster is unreachable or runs other code)."""


def _failure(path: Path, kind: str, reason: str) -> DocumentResult:
    return DocumentResult(doc_id=path.stem, source=str(path), error=reason, error_kind=kind)


def _timeout_result(path: Path, seconds: float) -> DocumentResult:
    return _failure(path, "timeout", f"no result after {seconds:g} s (--doc-timeout); document abandoned")


# ---------------------------------------------------------------- in process


class _DocTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so the per-document ``except Exception`` cannot swallow it."""


def _raise_timeout(signum: int, frame: object) -> None:
    raise _DocTimeout


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def map_in_process(process: Process, tasks: Iterable[Task], limits: ReadLimits,
                   doc_timeout: float | None = None) -> Iterator[tuple[int, DocumentResult]]:
    """Documents one after another in this process."""
    for index, path in tasks:
        try:
            with _alarm(doc_timeout):
                result = process(path, limits)
        except _DocTimeout:
            result = _timeout_result(path, doc_timeout or 0)
        yield index, result


# ---------------------------------------------------------------- worker processes


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit_memory(max_memory_mb: int) -> None:
    """Cap the address space at what the loaded pipeline takes plus ``max_memory_mb``."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + max_memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when its parent dies (Linux), even in the middle of a document;
    elsewhere a thread checks once a second."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # the parent died before the request took hold
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker(conn: Connection, process: Process, limits: ReadLimits, max_memory_mb: int | None,
            warning_filters: list, parent: int) -> None:
    """Worker loop: build the pipeline once, then answer one task at a time until told to stop."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    warnings.filters[:] = warning_filters  # a spawned process starts with the defaults, not the CLI's
    from pipeline.nlp import parse

    parse("warm up")  # loads the spaCy pipeline (and a NER model, if installed) before the first deadline runs
    if max_memory_mb:
        _limit_memory(max_memory_mb)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        index, path = task
        try:
            conn.send((index, process(path, limits)))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Slot:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    tasks: deque[Task] = field(default_factory=deque)  # sent, not answered; the first is the one it holds
    deadline: float = float("inf")
    done: int = 0  # documents this worker has answered

    def stop(self) -> None:
        """Ask an idle worker to exit; kill a busy or unresponsive one."""
        if not self.tasks and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _death_reason(code: int | None) -> str:
    if code is not None and code < 0:
        how = f"killed by {signal.Signals(-code).name}"
    else:
        how = f"exit code {code}"
    return f"worker process died on this document ({how}; out of memory or a crash in native code?)"


#: Documents a worker process answers before it is replaced (see the module docstring).
RECYCLE_AFTER = 5000
#: Documents sent to a worker before it answers the first: the next one waits in its pipe, so the worker
#: does not sit idle while the parent stores a result and wakes up to send it another.
QUEUED = 2


def _size(task: Task) -> int:
    try:
        return task[1].stat().st_size
    except OSError:  # the reader will say why
        return 0


def map_pool(process: Process, tasks: Iterable[Task], limits: ReadLimits, workers: int,
             doc_timeout: float | None = None, max_memory_mb: int | None = None,
             recycle: int = RECYCLE_AFTER) -> Iterator[tuple[int, DocumentResult]]:
    """Documents over ``workers`` spawned processes, each document isolated from the others' failures."""
    if max_memory_mb and not Path("/proc/self/statm").exists():
        raise EngineError("--max-memory-mb needs Linux (/proc); run without it")
    ctx = multiprocessing.get_context("spawn")
    # largest first (a long paper costs most): the last documents are short, so no worker idles long at the end
    pending = deque(sorted(tasks, key=_size, reverse=True))

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, process, limits, max_memory_mb, list(warnings.filters),
                                                 os.getpid()), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent, deadline=time.monotonic() + STARTUP_SECONDS)

    def assign(slot: _Slot) -> None:
        # a worker due to be replaced gets no more than it will answer, so it is idle when it is stopped
        while slot.ready and pending and len(slot.tasks) < min(QUEUED, recycle - slot.done):
            slot.tasks.append(pending.popleft())
            if len(slot.tasks) == 1:
                slot.deadline = time.monotonic() + doc_timeout if doc_timeout else float("inf")
            slot.conn.send(slot.tasks[-1])

    def held(slot: _Slot) -> Task:
        """The document a worker that failed held; the ones queued behind it go back to the others."""
        task = slot.tasks.popleft()
        pending.extendleft(reversed(slot.tasks))
        slot.tasks.clear()
        return task

    slots = [start() for _ in range(min(workers, len(pending)))]
    try:
        while pending or any(s.tasks for s in slots):
            wake = min(s.deadline for s in slots) - time.monotonic()
            wait([s.conn for s in slots] + [s.process.sentinel for s in slots],
                 timeout=None if wake == float("inf") else max(wake, 0))
            for i, slot in enumerate(slots):
                message, dead = None, False
                try:
                    if slot.conn.poll():
                        message = slot.conn.recv()
                except (EOFError, OSError):
                    dead = True
                if message == _READY:
                    slot.ready, slot.deadline = True, float("inf")
                elif message is not None:
                    slot.tasks.popleft()
                    slot.done += 1
                    # the worker has started on the next one it was sent, if any
                    slot.deadline = time.monotonic() + doc_timeout if doc_timeout and slot.tasks else float("inf")
                    if slot.done >= recycle and pending:
                        slot.stop()
                        slots[i] = slot = start()
                    assign(slot)  # before the result is handed on: the caller stores it meanwhile
                    yield message
                    continue
                elif dead or not slot.process.is_alive():
                    slot.process.join(timeout=5)
                    if not slot.ready:
                        raise EngineError(f"a worker process failed to start (exit code {slot.process.exitcode})")
                    if slot.tasks:
                        task = held(slot)
                        yield task[0], _failure(task[1], "crash", _death_reason(slot.process.exitcode))
                    slot.stop()
                    slots[i] = slot = start()
                elif time.monotonic() > slot.deadline:
                    if not slot.ready:
                        raise EngineError(f"a worker process did not start within {STARTUP_SECONDS:g} s")
                    slot.stop()  # busy: killed
                    task = held(slot)
                    yield task[0], _timeout_result(task[1], doc_timeout or 0)
                    slots[i] = slot = start()
                assign(slot)
    finally:
        for slot in slots:
            slot.stop()


# ---------------------------------------------------------------- dask


def _remote(process: Process, name: str, data: bytes, limits: ReadLimits) -> tuple[str, DocumentResult]:
    """Run on a Dask worker: the document's bytes under their own file name, in a private folder
    (the client gives the result its names)."""
    with tempfile.TemporaryDirectory(prefix="pipeline-doc-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = process(path, limits)
    return pipeline_fingerprint(), result


def map_dask(process: Process, tasks: Iterable[Task], limits: ReadLimits, scheduler: str,
             doc_timeout: float | None = None) -> Iterator[tuple[int, DocumentResult]]:
    """Documents on the Dask cluster at ``scheduler``, at most one per worker thread at a time.

    Bounding the tasks in flight to the cluster's threads makes a task's
    deadline start when it starts. A task past ``doc_timeout`` gets its worker
    restarted (a Dask task cannot be stopped otherwise); a task whose worker
    died is reported as a crash once Dask gives up retrying it on other workers
    (``distributed.scheduler.allowed-failures``, 3 by default; 0 records it at once).
    """
    try:
        from distributed import Client, wait as dask_wait
    except ImportError:
        raise EngineError("--engine dask needs dask.distributed: pip install -e '.[scale]'") from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    fingerprint = pipeline_fingerprint()
    pending = deque(tasks)
    inflight: dict[object, tuple[int, Path, float]] = {}
    with client:
        threads = max(1, sum(client.nthreads().values()))
        while pending or inflight:
            while pending and len(inflight) < threads:
                index, path = pending.popleft()
                try:
                    too_large = path.stat().st_size > limits.max_bytes
                    data = None if too_large else path.read_bytes()
                except OSError:
                    data = None
                if data is None:  # fails fast on the reader's own checks, with its own reason
                    yield index, process(path, limits)
                    continue
                future = client.submit(_remote, process, path.name, data, limits,
                                       key=f"doc-{index}-{uuid.uuid4().hex}", pure=False)
                inflight[future] = (index, path, time.monotonic() + doc_timeout if doc_timeout else float("inf"))
            try:
                done = dask_wait(list(inflight), timeout=1.0, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            for future in done:
                index, path, _ = inflight.pop(future)
                if future.status == "finished":
                    remote_fingerprint, result = future.result()
                    if remote_fingerprint != fingerprint:
                        raise EngineError("the Dask workers run another version of the pipeline code than this "
                                          "client; install the same checkout on every worker")
                    yield index, result
                    continue
                if future.status == "error":
                    exc = future.exception()
                    reason = (f"Dask workers died on this document ({type(exc).__name__}; out of memory or a crash "
                              "in native code?)" if type(exc).__name__ == "KilledWorker"
                              else f"Dask task failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                else:
                    reason = f"Dask task {future.status}"
                yield index, _failure(path, "crash", reason)
            now = time.monotonic()
            expired = [f for f, (_, _, deadline) in inflight.items() if deadline < now]
            if expired:
                by_key = {f.key: f for f in expired}
                stuck = [w for w, keys in client.processing().items() if any(k in by_key for k in keys)]
                for future in expired:
                    index, path, _ = inflight.pop(future)
                    future.cancel()
                    yield index, _timeout_result(path, doc_timeout or 0)
                if stuck:
                    client.restart_workers(stuck, raise_for_error=False)
