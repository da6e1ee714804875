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
"""

from __future__ import annotations

import storyline.pipeline  # noqa: F401 - imported once in the fork server, shared by every worker
