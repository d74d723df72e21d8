"""Documents that misbehave on purpose, for the engine and run tests: a ``process`` to pass to the
engines, ``extract_folder`` or ``pipeline.cli.main`` (never an environment switch in the pipeline).

A fault is ``"raise"``, ``"hang"``, ``"crash"`` (the process kills itself, as the OOM killer would),
``"memory"`` (allocates until the address-space limit of ``--max-memory-mb`` stops it),
``{"sleep": seconds}`` or ``"whoami"`` (the result's one warning names the process that made it); documents are named by their file stem, ``"*"`` names every document.
"""
from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Mapping

from pipeline.readers.limits import ReadLimits
from pipeline.run import process_file
from pipeline.types import DocumentResult


def _misbehave(fault: object) -> None:
    if isinstance(fault, dict):
        time.sleep(float(fault["sleep"]))
    elif fault == "raise":
        raise RuntimeError("injected test fault")
    elif fault == "hang":
        time.sleep(3600)
    elif fault == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    elif fault == "memory":
        import resource

        if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
            raise MemoryError("injected test fault (no memory limit set)")
        hoard = []
        while True:
            hoard.append(bytearray(64 * 2**20))


def faulty_process(path: Path, limits: ReadLimits = ReadLimits(), *, faults: Mapping[str, object]) -> DocumentResult:
    """``process_file``, after the fault named for this document; a raise becomes a reader bug, as a real one."""
    fault = faults.get(Path(path).stem, faults.get("*"))
    if fault is not None:
        try:
            _misbehave(fault)
        except MemoryError:
            return DocumentResult(doc_id=Path(path).stem, source=str(path), error="out of memory while reading (--max-memory-mb)",
                                  error_kind="memory")
        except RuntimeError as exc:
            return DocumentResult(doc_id=Path(path).stem, source=str(path), error=f"reader failed: RuntimeError: {exc}",
                                  error_kind="reader_bug")
    result = process_file(path, limits)
    if fault == "whoami":
        result = replace(result, warnings=(f"pid {os.getpid()}",))
    return result


def faulty(faults: Mapping[str, object]):
    """A picklable process (spawned workers and Dask workers import this module) with these faults."""
    return partial(faulty_process, faults=dict(faults))
