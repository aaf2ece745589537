"""INTERIM storage (to be replaced by the durable storage of issue 4)."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from store.errors import DatabaseUnreadable


class AtomicJSONStorage(Storage):
    def __init__(self, path: str, **_: Any) -> None:
        self.path = str(path)
        os.makedirs(os.path.dirname(self.path) or ".", mode=0o700, exist_ok=True)
        self._data: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                return None
            if not text.strip():
                return None
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise DatabaseUnreadable(
                    self.path, f"the file is not valid JSON ({error.msg})"
                ) from error
            if not isinstance(data, dict):
                raise DatabaseUnreadable(self.path, "the file is not a database")
            self._data = data
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        temp = self.path + ".tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)
        self._data = data

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        yield

    def close(self) -> None:
        pass


DEFAULT_STORAGE = AtomicJSONStorage
UnstallTinyDB = TinyDB
