"""onrecord: who said what, about what, when, and where it was reported."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from onrecord.errors import InputError, ModelNotFound, OnrecordError, StoreError
from onrecord.model import (
    Article,
    Attribution,
    Comment,
    Dateline,
    Mention,
    Origin,
    Problem,
    Removed,
    Span,
)

if TYPE_CHECKING:
    from onrecord.article import analyse, analyse_many, extract_many, extract_text
    from onrecord.nlp import load_pipeline
    from onrecord.store import open_corpus

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Comment",
    "Dateline",
    "InputError",
    "Mention",
    "ModelNotFound",
    "OnrecordError",
    "Origin",
    "Problem",
    "Removed",
    "Span",
    "StoreError",
    "__version__",
    "analyse",
    "analyse_many",
    "extract_many",
    "extract_text",
    "load_pipeline",
    "open_corpus",
]


# Where each function lives. They load on first use: the pipeline brings spaCy (0.8 s),
# the store SQLAlchemy and Alembic, and a command that needs neither (``onrecord people
# merge``, ``onrecord --help``) should not wait for them.
_LAZY = {
    "analyse": "onrecord.article",
    "analyse_many": "onrecord.article",
    "extract_many": "onrecord.article",
    "extract_text": "onrecord.article",
    "load_pipeline": "onrecord.nlp",
    "open_corpus": "onrecord.store",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")


# Modules of 0.1 that moved in 0.2, importable under their old names for one release.
MOVED = {
    "onrecord.parallel": "onrecord.run",
    "onrecord.distributed": "onrecord.run",
    "onrecord.ingest.pipeline": "onrecord.run",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds a moved module under its old name, with a ``DeprecationWarning``; and makes
    ``onrecord.extract`` callable as 0.1's function was, whenever it is first imported."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "onrecord.extract":
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is not None and spec.loader is not None:
                spec.loader = _CallableLoader(spec.loader)
            return spec
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        new = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} is now {new}; the old name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        # A stand-in that reads through to the module itself: the import system sets
        # ``__name__`` and ``__spec__`` on what this returns, and the real module must keep
        # its own (worker processes find functions by their module's name).
        real = importlib.import_module(new)
        proxy = types.ModuleType(spec.name, real.__doc__)
        proxy.__dict__["__getattr__"] = lambda attr: getattr(real, attr)
        proxy.__dict__["__all__"] = getattr(real, "__all__", [])
        return proxy

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the stand-in reads everything from the moved module."""


class _CallableExtract(types.ModuleType):
    """``onrecord.extract`` is the extraction package; 0.1 code called it as a function."""

    def __call__(self, text: str, nlp: Any = None) -> list[Attribution]:
        warnings.warn(
            "onrecord.extract(text) is now onrecord.extract_text(text)",
            DeprecationWarning,
            stacklevel=2,
        )
        from onrecord.article import extract_text

        return extract_text(text, nlp)


class _CallableLoader(importlib.abc.Loader):
    """The package's own loader, then the class that makes it callable."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self.loader.exec_module(module)
        module.__class__ = _CallableExtract


if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
    sys.meta_path.insert(0, _MovedModules())
if "onrecord.extract" in sys.modules:  # imported before this module ran (a reload)
    sys.modules["onrecord.extract"].__class__ = _CallableExtract
