"""storyline: turn a pile of news articles about one story into a sourced, cross-checked picture of it.

>>> import storyline
>>> [record] = storyline.extract("“We will rebuild,” the mayor, Vasile Rusu, said on Tuesday.")
>>> record.quotes[0].speaker
'Vasile Rusu'
"""

from __future__ import annotations

import logging
import os
import sys

from .config import WORKER_TORCH_ENV as _WORKER_TORCH_ENV

# In a worker process of `storyline run`, keep PyTorch out unless the spaCy pipeline needs it (the reason,
# and who sets this variable, are in storyline/worker.py). It must happen before spaCy is imported below.
if os.environ.get(_WORKER_TORCH_ENV) == "0" and "torch" not in sys.modules:
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` now raises ImportError

from .build import BuildResult, build
from .config import Settings, load_settings
from .errors import ConfigError, InputError, ModelError, StoreError, StorylineError
from .model import (
    Article,
    Claim,
    ClaimGroup,
    ClaimMember,
    Contradiction,
    Entity,
    Extraction,
    FieldSource,
    Mention,
    NoiseSpan,
    Place,
    Quote,
    QuoteGroup,
    Skip,
    SourceRef,
    Story,
    TimelineEvent,
    TimeRef,
)
from .pipeline import extract, run
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BuildResult",
    "Claim",
    "ClaimGroup",
    "ClaimMember",
    "Contradiction",
    "Entity",
    "QuoteGroup",
    "SourceRef",
    "Story",
    "TimelineEvent",
    "build",
    "ConfigError",
    "Extraction",
    "FieldSource",
    "InputError",
    "Mention",
    "ModelError",
    "NoiseSpan",
    "Place",
    "Quote",
    "Settings",
    "Skip",
    "Store",
    "StoreError",
    "StorylineError",
    "TimeRef",
    "__version__",
    "extract",
    "load_settings",
    "run",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
