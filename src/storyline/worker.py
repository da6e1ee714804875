"""What the worker processes of ``storyline run --workers N`` import before anything else.

The runner's fork server imports this module once and forks every worker from it. Extraction never uses
PyTorch, but thinc (under spaCy) imports it whenever it is installed — storyline installs it for the
story embedder — and that costs each process ~260 MB of memory and a second of start-up. So, unless the
configured spaCy pipeline needs it (a transformer pipeline; see ``nlp.needs_torch``), ``import torch`` is
made to fail in them, before spaCy is imported, and thinc runs without it. Only these worker processes are
affected: the process that starts the run imports what it likes.

The runner passes the choice in ``STORYLINE_WORKER_TORCH`` (``config.WORKER_TORCH_ENV``; "0": keep
PyTorch out), set in the fork server's environment when it starts. The check itself is at the top of
``storyline/__init__.py``: importing this module imports the package first, and the package imports spaCy.

The fork server and the workers also end with the run that started them, however it ends (issue 12, item
8: after ``kill -9`` of the run, the fork server and both workers, ~640 MB, stayed up for good: each worker
holds both ends of the pool's task pipe, so none ever reads end-of-file, and the fork server lives as long
as a worker does). On Linux the kernel is asked to SIGKILL each of them when its parent ends
(``prctl(PR_SET_PDEATHSIG)``): the run's end kills the fork server, whose end kills the workers. Elsewhere,
and as a second line on Linux, each worker checks every ``PARENT_POLL_SECONDS`` that the run is still
there; once the workers are gone the fork server reads end-of-file and exits on its own.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

import storyline.pipeline  # noqa: F401 - imported once in the fork server, shared by every worker

#: Environment variable in which the runner passes its process id to the fork server it starts; read (and
#: removed, so no worker inherits it) when the fork server imports this module.
FORK_SERVER_PARENT_ENV = "STORYLINE_FORK_SERVER_PARENT"
#: How often a worker checks that the run it works for is still there (s). One second bounds how long an
#: orphaned worker outlives the run where the kernel cannot be asked to end it, at no measurable cost.
PARENT_POLL_SECONDS = 1.0
#: Exit status of a fork server or worker that ends because the run that started it has gone.
ORPHANED_EXIT_STATUS = 70
#: ``prctl`` option (linux/prctl.h): the signal the kernel sends this process when its parent ends.
_PR_SET_PDEATHSIG = 1


def _signal_on_parent_death() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux); False where it cannot.

    The kernel means the parent *thread*: the runner starts the fork server from the thread that runs the
    pool, and the fork server forks workers from its only thread, so neither ends before the run does.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no C library to load, or no prctl in it
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, owned by another user
        return True
    return True


def watch_run(run_pid: int, *, interval: float = PARENT_POLL_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process once process ``run_pid`` has ended or this process's
    parent has changed (it ended, and this process was handed to init), checking every ``interval`` s."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent or not _alive(run_pid):
                os._exit(ORPHANED_EXIT_STATUS)

    thread = threading.Thread(target=watch, name="storyline-run-watch", daemon=True)
    thread.start()
    return thread


def die_with_run(run_pid: int) -> None:
    """End this worker process when the run ``run_pid`` ends, however it ends (``kill -9`` too).

    Called first thing in each worker: asks the kernel to end it with its parent (the fork server, or the
    run itself under ``spawn``), then checks the run did not end before that, then watches it (see the
    module docstring).
    """
    _signal_on_parent_death()
    if not _alive(run_pid):
        os._exit(ORPHANED_EXIT_STATUS)
    watch_run(run_pid)


def _fork_server_dies_with_run() -> None:
    """In the fork server (``FORK_SERVER_PARENT_ENV`` is set only there): end with the run that started it."""
    run_pid = os.environ.pop(FORK_SERVER_PARENT_ENV, None)
    if run_pid is None:
        return
    _signal_on_parent_death()
    if os.getppid() != int(run_pid):  # the run ended while this process was importing spaCy
        os._exit(ORPHANED_EXIT_STATUS)


_fork_server_dies_with_run()
