"""SQLite store: one file, WAL, named migrations, one transaction per article."""

from .db import Store, StoredArticle

__all__ = ["Store", "StoredArticle"]
