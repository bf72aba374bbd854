"""Runs the embedded Milvus 2.3.5 standalone server (PyPI `milvus`) for the realmilvus test tier.

Usage: python milvus_server.py BASE_DIR READY_FILE [key=value ...]

Milvus 2.3 binds its gRPC servers (proxy, coordinators, nodes) and the metrics/health port to every
interface, with no setting to change that. So this launcher first moves itself into a new network
namespace that has only a loopback interface: everything the server opens is reachable from 127.0.0.1
inside that namespace and from nowhere else, and fixed ports (etcd's peer port 2380) cannot collide
with other servers on the machine. Clients join the namespace with `enter_namespace(pid)` from
milvus_netns.py.

Once the server answers /healthz, READY_FILE gets {"pid", "port", "storageRoot", "baseDir"}. The
server stops (SIGTERM, then SIGKILL after 30 s) and this process exits when stdin closes or on
SIGTERM/SIGINT; it also gets SIGTERM if its parent dies.
"""

import json
import os
import select
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from milvus_netns import PR_SET_PDEATHSIG, libc, new_loopback_namespace  # noqa: E402


def main() -> None:
    base_dir, ready_file = os.path.abspath(sys.argv[1]), sys.argv[2]
    extra = dict(arg.split("=", 1) for arg in sys.argv[3:])
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    new_loopback_namespace()

    import milvus  # the package resolves its ports and config on import of default_server

    # setup-milvus.sh unpacked the server binaries next to the venv; reuse them (the package skips
    # unpacking when the checksum files are present).
    os.makedirs(base_dir, exist_ok=True)
    prepared = os.path.join(sys.prefix, "milvus-home", "bin")
    if os.path.isdir(prepared) and not os.path.exists(os.path.join(base_dir, "bin")):
        os.symlink(prepared, os.path.join(base_dir, "bin"))

    server = milvus.MilvusServer()
    server.set_base_dir(base_dir)
    for key, value in extra.items():
        server.config.set(key, value)

    # The server process dies with this launcher, whatever kills it.
    original_popen = milvus.subprocess.Popen

    def popen_dying_with_parent(*args, **kwargs):
        kwargs["preexec_fn"] = lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        return original_popen(*args, **kwargs)

    milvus.subprocess.Popen = popen_dying_with_parent

    stopping = False

    def request_stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    started = time.time()
    try:
        server.start()
        info = {
            "pid": os.getpid(),
            "serverPid": server.server_proc.pid,
            "port": server.listen_port,
            "storageRoot": server.config.get("local_storage_dir"),
            "baseDir": base_dir,
            "startSeconds": round(time.time() - started, 1),
        }
        tmp = ready_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(info, f)
        os.rename(tmp, ready_file)
        # Wait for stdin to close (the test runner is done or gone) or a stop signal.
        while not stopping:
            readable, _, _ = select.select([sys.stdin], [], [], 0.2)
            if readable and os.read(sys.stdin.fileno(), 4096) == b"":
                break
    finally:
        proc = server.server_proc
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except Exception:  # noqa: BLE001 - any failure to stop politely ends in SIGKILL
                proc.kill()
                proc.wait(timeout=10)
            server.server_proc = None
        server.stop()


if __name__ == "__main__":
    main()
