"""Network snapshots: the serving graph on disk, so a (re)start need not read the whole network.

A snapshot file holds one network graph ``G`` as it was at network version
``G.graph["version"]`` of one database, in ``<data dir>/snapshots/``:

- a magic line, then a fixed-size JSON header (``database_id``, ``version``, ``code``,
  ``mark``, ``bytes``, ``sha256`` of the payload, ``written``), then the payload: ``G`` pickled with
  protocol 5 (``code``: :func:`code_id`, the code that shaped the graph);
- written to a temporary file (mode 0600) that replaces its final name only once complete
  (``os.replace``), so a reader never sees half a snapshot; the newest :data:`KEEP` are kept.

Beside each one a small snapshot of the same kind holds the regions, libraries and groups
only (:data:`LIBRARIES`, :func:`graphsvc.network.libraries_graph`): a worker that does not
hold the network yet draws the coverage map from it (read in milliseconds) rather than from
the database, which right after a start may still be cold (0.4-1.4 s at national scale).

Which database a snapshot belongs to is a random id stored in the database itself
(``Meta {name: "database"}``, made on first use: ``Neo4jStore.database_id``). A version number
alone names nothing: a re-created database (a new data folder, another Neo4j database) counts
its versions from 1 again, and a snapshot of it must never be taken for another's. The id
survives ``graphsvc db reset`` (which keeps the ``Meta`` nodes), whose versions keep counting
up, so a snapshot of that database stays correctly ordered. The timestamp of the version's
``Change`` node was the other candidate; it would tie the key to the change log's pruning (a
snapshot older than the log could not be named at all), and the log's entries carry no time.

A snapshot is only trusted when it is this user's own file that no one else may write (a
pickle runs code when read), its magic, header, length and checksum are right, the id is
the database's and the code that wrote it is this one: anything else (truncated, damaged,
another database's or code's, newer than the database, or of a version for which the
database logged another change than the one the header's ``mark`` digests: a database
restored from a backup) is skipped with a log line. The
reader then brings the graph up to date from the change log
(:class:`graphsvc.store.cache.NetworkCache`), exactly as a running process does.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graphsvc import model
from graphsvc.forked import ChildFailed, in_child
from graphsvc.network import libraries_graph

log = logging.getLogger("graphsvc.snapshot")

MAGIC = b"graphsvc network snapshot 1\n"
HEADER_BYTES = 512  # the JSON header, padded with spaces
KEEP = 3  # snapshot files kept in the folder (the newest)
STALE_TEMP_S = 3600.0  # a temporary file this old is a writer that died: removed
_CHUNK = 1 << 20
_SUFFIX = ".snapshot"
NETWORK = "network"  # the whole network graph
LIBRARIES = "libraries"  # its regions, libraries and groups only
KINDS = (NETWORK, LIBRARIES)


@dataclass(frozen=True)
class SnapshotInfo:
    """What a snapshot's header says."""

    path: Path
    database_id: str
    version: int
    bytes: int
    sha256: str
    written: str
    code: str = ""
    mark: str = ""


def snapshot_name(database_id: str, version: int, kind: str = NETWORK) -> str:
    """The file name of a snapshot (of ``kind``: :data:`NETWORK` or :data:`LIBRARIES`).

    >>> snapshot_name("4f1c2a", 42), snapshot_name("4f1c2a", 42, LIBRARIES)
    ('network-4f1c2a-v000000000042.snapshot', 'libraries-4f1c2a-v000000000042.snapshot')
    """
    return f"{kind}-{database_id}-v{version:012d}{_SUFFIX}"


@functools.cache
def code_id() -> str:
    """What the shape of a pickled graph depends on: this package's source (every module of
    ``graphsvc``), networkx's version and Python's. A snapshot written by other code is not
    read: after an upgrade the first start reads the database, then writes a new one.

    >>> len(code_id())
    16
    """
    digest = hashlib.sha256(f"{sys.version_info[:2]} networkx {nx.__version__}".encode())
    package = Path(model.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# --- writing ------------------------------------------------------------------------------

class _HashingWriter:
    """A file wrapper that hashes and counts what is written through it."""

    def __init__(self, file):
        self.file, self.hash, self.bytes = file, hashlib.sha256(), 0

    def write(self, data) -> int:
        self.hash.update(data)
        self.bytes += len(data)
        return self.file.write(data)


def _constructor_reductions() -> dict:
    """Pickle reductions of the model's frozen dataclasses as calls of their constructors.

    A frozen slotted dataclass pickles by default through a ``__setstate__`` written in
    Python, which sets each field with ``object.__setattr__``; unpickling a national network's
    1.65 million holdings that way took twice as long as calling the constructor with the
    fields (measured: 1.03 s against 0.57 s per 100,000 holdings).
    """
    def fields_of(cls):
        names = tuple(f.name for f in dataclasses.fields(cls))
        return lambda obj: (cls, tuple(getattr(obj, name) for name in names))

    return {cls: fields_of(cls) for cls in vars(model).values()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and all(f.init for f in dataclasses.fields(cls))
            and not hasattr(cls, "__post_init__")}


_REDUCTIONS = _constructor_reductions()


def _bare(G: nx.Graph) -> nx.Graph:
    """``G`` sharing its node and edge dicts, without cached views and derived indexes
    (those are keyed to the object's id and rebuilt on first use anyway)."""
    H = G.__class__.__new__(G.__class__)
    H.__dict__.update({k: v for k, v in G.__dict__.items() if k.startswith("_")})
    H.graph = {k: v for k, v in G.graph.items() if not str(k).startswith("_derived:")}
    return H


def write_snapshot(G: nx.Graph, directory: Path, *, database_id: str, mark: str = "",
                   keep: int = KEEP) -> Path:
    """Write ``G`` (at version ``G.graph["version"]``) as a snapshot of database
    ``database_id`` into ``directory``, then keep only the newest ``keep`` snapshots.

    Parameters
    ----------
    G : networkx.Graph
        The whole network graph; it must not change while it is written (write from the
        thread that changes it, or from a forked child).
    directory : Path
        The snapshot folder (made, mode 0700, when missing).
    database_id : str
        The identity of the database ``G`` was read from.
    mark : str
        What the database logged for that version (a digest of its change-log entry): a
        database restored from a backup, which then moves past the version again with
        other writes, differs there.
    keep : int
        Snapshot files kept (of each kind).

    Returns
    -------
    Path
        The snapshot file (its :data:`LIBRARIES` snapshot is written beside it). Logs
        nothing (it may run in a forked child).

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph(version=3); G.add_edge("A", "B", key="K")
    'K'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = write_snapshot(G, Path(d), database_id="db1")
    ...     H, info = read_newest(Path(d), database_id="db1")
    >>> path.name, info.version, list(H.edges(keys=True))
    ('network-db1-v000000000003.snapshot', 3, [('A', 'B', 'K')])
    """
    path = _write_file(G, directory, database_id=database_id, mark=mark, kind=NETWORK)
    _write_file(libraries_graph(G), directory, database_id=database_id, mark=mark,
                kind=LIBRARIES)
    prune(directory, keep=keep)
    return path


def _write_file(G: nx.Graph, directory: Path, *, database_id: str, mark: str,
                kind: str) -> Path:
    """One snapshot file of ``kind``, written whole or not at all."""
    version = int(G.graph["version"])
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(MAGIC + b" " * HEADER_BYTES)
            out = _HashingWriter(file)
            pickler = pickle.Pickler(out, protocol=5)
            pickler.dispatch_table = {**copyreg.dispatch_table, **_REDUCTIONS}
            pickler.dump(_bare(G))
            header = json.dumps({"database_id": database_id, "version": version,
                                 "code": code_id(), "mark": mark,
                                 "bytes": out.bytes, "sha256": out.hash.hexdigest(),
                                 "written": dt.datetime.now(dt.UTC).isoformat()}).encode()
            file.seek(len(MAGIC))
            file.write(header.ljust(HEADER_BYTES))
            file.flush()
            os.fsync(file.fileno())
        path = directory / snapshot_name(database_id, version, kind)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return path


def write_in_child(G: nx.Graph, directory: Path, *, database_id: str, mark: str = "",
                   keep: int = KEEP) -> str | None:
    """:func:`write_snapshot` in a forked child process; ``None`` when it was written, else
    what went wrong.

    For a process whose graph is shared copy-on-write with forked workers (gunicorn's master):
    pickling touches every object's reference count, which would copy each page of the graph
    into the writer. The child's copies go with the child. Waits for the child (the calling
    thread blocks; the process's other threads run on; :func:`graphsvc.forked.in_child`).
    """
    try:
        in_child(lambda: write_snapshot(G, directory, database_id=database_id, mark=mark,
                                        keep=keep) and None)
    except ChildFailed as exc:
        return str(exc)
    return None


def prune(directory: Path, *, keep: int = KEEP) -> list[Path]:
    """Remove all but the ``keep`` newest snapshots of each kind (by modification time) and
    temporary files of writers that died; returns what was removed."""
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    old = [p for kind in KINDS for p in sorted(directory.glob(f"{kind}-*{_SUFFIX}"),
                                               key=mtime, reverse=True)[keep:]]
    old_temps = [p for kind in KINDS for p in directory.glob(f".{kind}-*.tmp")
                 if time.time() - mtime(p) > STALE_TEMP_S]
    removed = []
    for path in old + old_temps:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


# --- reading ------------------------------------------------------------------------------

def read_info(path: Path) -> SnapshotInfo | None:
    """The header of the snapshot at ``path``, or ``None`` when it has none (not a snapshot,
    or cut short before its header)."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(MAGIC) + HEADER_BYTES)
        if not head.startswith(MAGIC):
            return None
        h = json.loads(head[len(MAGIC):])
        return SnapshotInfo(path, str(h["database_id"]), int(h["version"]), int(h["bytes"]),
                            str(h["sha256"]), str(h["written"]), str(h.get("code", "")),
                            str(h.get("mark", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _private(path: Path) -> bool:
    """Whether ``path`` belongs to this process's user and only it may write it."""
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _intact(info: SnapshotInfo) -> bool:
    """Whether the payload has the header's length and checksum."""
    digest, size = hashlib.sha256(), 0
    with open(info.path, "rb") as file:
        file.seek(len(MAGIC) + HEADER_BYTES)
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size == info.bytes and digest.hexdigest() == info.sha256


def load_snapshot(info: SnapshotInfo) -> nx.Graph:
    """The graph of an intact snapshot (raises ``ValueError`` when it is not)."""
    if not _intact(info):
        msg = f"{info.path.name}: length or checksum differs from its header"
        raise ValueError(msg)
    enabled = gc.isenabled()
    gc.disable()  # millions of new containers: no collection passes while they are made
    try:
        with open(info.path, "rb") as file:
            file.seek(len(MAGIC) + HEADER_BYTES)
            G = pickle.load(file)
    finally:
        if enabled:
            gc.enable()
    if not isinstance(G, nx.Graph) or G.graph.get("version") != info.version:
        msg = f"{info.path.name}: not a network graph of version {info.version}"
        raise ValueError(msg)
    return G


def read_newest(directory: Path, *, database_id: str, at_most: int | None = None,
                kind: str = NETWORK) -> tuple[nx.Graph, SnapshotInfo] | tuple[None, None]:
    """The newest usable snapshot of ``kind`` of database ``database_id`` in ``directory``
    (at version ``at_most`` or before), as ``(graph, info)``; ``(None, None)`` when there
    is none.

    Files that are not snapshots of this database, or are damaged, are skipped with a log
    line (an older intact one is tried next).
    """
    infos = []
    for path in sorted(directory.glob(f"{kind}-*{_SUFFIX}")) if directory.is_dir() else ():
        info = read_info(path)
        if not _private(path):
            log.warning("snapshot %s ignored: not this user's own file, or writable by others "
                        "(a pickle is code: only this process's own snapshots are read)",
                        path.name)
        elif info is None:
            log.warning("snapshot %s ignored: no valid header", path.name)
        elif info.database_id != database_id:
            log.info("snapshot %s ignored: another database's (%s)", path.name,
                     info.database_id)
        elif info.code != code_id():
            log.warning("snapshot %s ignored: written by other code (its graph may be shaped "
                        "differently)", path.name)
        elif at_most is not None and info.version > at_most:
            log.warning("snapshot %s ignored: version %s is ahead of the database (%s)",
                        path.name, info.version, at_most)
        else:
            infos.append(info)
    for info in sorted(infos, key=lambda i: i.version, reverse=True):
        try:
            return load_snapshot(info), info
        except Exception as exc:  # noqa: BLE001 (a bad file of any kind is skipped)
            log.warning("snapshot %s ignored: %s", info.path.name, exc)
    return None, None
