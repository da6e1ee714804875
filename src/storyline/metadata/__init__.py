"""Metadata about articles beyond their text: who published them (``outlets``)."""
