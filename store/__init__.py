"""Persistence: TinyDB with a storage that never loses a save, the repository the app calls,
migrations. Imports neither textual nor tui.

``DEFAULT_STORAGE`` is the storage for any TinyDB: ``TinyDB(path, storage=DEFAULT_STORAGE)``.
``UnstallTinyDB`` is TinyDB with tables that read only their own table and stay correct when
another process writes the same file.
"""

from store.storage import DEFAULT_STORAGE, UnstallTinyDB

__all__ = ["DEFAULT_STORAGE", "UnstallTinyDB"]
