"""SQLite store: one file, WAL, named migrations, one transaction per article."""

from .db import FeedState, Store, StoredArticle

__all__ = ["FeedState", "Store", "StoredArticle"]
