#!/usr/bin/env python3
"""Fails when an #include crosses the module graph of ../shared/reference/aesthetics.md §2.2.

Each module may include its own headers and those of the modules listed for it.
Run from ctest (test `module_graph`) or by hand: tools/check_deps.py [src-dir].
"""
import pathlib
import re
import sys

# module -> modules it may include (besides itself). Longest module prefix wins.
ALLOWED = {
    "common": set(),
    "model": {"common"},
    "record": {"common", "model"},
    "rpc/protocol": {"common", "model"},
    "rpc": {"common", "model", "rpc/protocol"},
    "storage/fs": {"common"},
    "storage/log": {"common", "model", "record", "storage/fs"},
    "storage/kv": {"common", "model", "record", "storage/fs", "storage/log"},
    "storage/remote": {"common", "model", "record", "storage/fs", "storage/log", "storage/kv"},
    "replication": {"common", "model", "record", "rpc", "rpc/protocol", "storage/fs",
                    "storage/log", "storage/kv", "storage/remote"},
    "server/zk": {"common", "model", "server/metadata"},
    # storage/fs: the embedded store keeps its journal and snapshot on a FileSystem,
    # so crash tests run on MemFileSystem.
    "server/metadata": {"common", "model", "server/zk", "storage/fs"},
    # storage/fs: the coordinator opens the embedded metadata store on a FileSystem
    # (tests on MemFileSystem).
    # What both server kinds serve (Java's RpcServiceBase): the metadata reads.
    "server/base": {"common", "model", "rpc/protocol", "server/metadata"},
    "server/coordinator": {"common", "model", "rpc", "rpc/protocol", "server/zk",
                           "server/metadata", "server/base", "storage/fs"},
    "server/tablet": {"common", "model", "record", "rpc", "rpc/protocol", "replication",
                      "storage/fs", "storage/log", "storage/kv", "storage/remote", "server/zk",
                      "server/metadata", "server/base"},
    # `fluss local`: wires the servers together.
    "server/local": {"common", "model", "record", "rpc", "rpc/protocol", "replication",
                     "storage/fs", "storage/log", "storage/kv", "storage/remote", "server/zk",
                     "server/metadata", "server/base", "server/coordinator", "server/tablet"},
    # `fluss coordinator` / `fluss tablet`: the servers of a cluster over ZooKeeper.
    "server/cluster": {"common", "model", "record", "rpc", "rpc/protocol", "replication",
                       "storage/fs", "storage/log", "storage/kv", "storage/remote", "server/zk",
                       "server/metadata", "server/base", "server/coordinator", "server/tablet"},
    "client": {"common", "model", "record", "rpc", "rpc/protocol"},
    "sql": {"common", "model", "record", "client"},
    "cli": {"common", "model", "record", "client", "sql"},
    "lake": {"common", "model", "record", "client", "storage/fs"},
    "test_utils": None,  # anything
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module_of(rel: str):
    best = None
    for name in ALLOWED:
        if rel == name or rel.startswith(name + "/"):
            if best is None or len(name) > len(best):
                best = name
    return best


def main() -> int:
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "src")
    errors = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        rel = path.relative_to(src).as_posix()
        owner = module_of(rel)
        if owner is None:
            errors.append(f"{rel}: not in any module of the graph")
            continue
        allowed = ALLOWED[owner]
        # A module's own tests may use test_utils.
        in_tests = "/tests/" in rel or "/fuzz/" in rel
        for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = module_of(m.group(1))
            if target is None or allowed is None or target == owner or target in allowed:
                continue
            if in_tests and target == "test_utils":
                continue
            errors.append(f"{rel}:{lineno}: module '{owner}' may not include '{m.group(1)}'"
                          f" (module '{target}')")
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
