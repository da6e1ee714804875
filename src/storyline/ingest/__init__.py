"""Readers: one per source format, each turning a source into Articles (or Skips with a reason)."""
