"""Persistence: a folder of small TinyDB files, the repository the app calls, the conversion
of the old single-file layout. Imports neither textual nor tui.

``TinyDB(path, storage=DEFAULT_STORAGE)`` is TinyDB's ``JSONStorage`` with an atomic write.
"""

from store.files import AtomicJSONStorage

DEFAULT_STORAGE = AtomicJSONStorage

__all__ = ["DEFAULT_STORAGE", "AtomicJSONStorage"]
