"""The REST API and web app of ``onrecord serve``.

    from onrecord.api import create_app
    app = create_app("news.db")

Needs the web extras (FastAPI, Jinja2, uvicorn): ``pip install 'onrecord[web]'``.
"""

from __future__ import annotations

try:
    from onrecord.api.app import create_app
except ImportError as exc:  # pragma: no cover - only without the optional packages
    raise ImportError(
        f"onrecord's web app needs FastAPI and Jinja2 ({exc.name} is missing): "
        "pip install 'onrecord[web]'"
    ) from exc

__all__ = ["create_app"]
