"""Web UI and JSON API over a storyline store (FastAPI): ``create_app(db_path)``, ``serve(db)``."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
