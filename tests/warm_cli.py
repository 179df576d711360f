"""A warm `finsam`: a process that imports the CLI once and forks a child per command.

Starting Python and importing finsam costs about a second, far more than an SIE import, so a
test that kills many imports runs them here: `python tests/warm_cli.py` (src on PYTHONPATH)
reads one JSON request a line on stdin and answers one JSON line on stdout.

- `{"warm": [args…]}` runs `finsam args…` once in a child, then imports here the modules it
  loaded lazily, so the children start warm; answers `{"code": N, "modules": how many}`.
- `{"run": [args…], "kill_after": seconds | null}` forks a child that runs `finsam args…`
  through the real entry point (`intake.cli.app.run`) and exits with its code; after
  `kill_after` seconds (counted from the fork) a child still running is sent SIGKILL. Answers
  `{"code": N | null, "killed": bool, "elapsed": seconds}`: the exit code when the child
  finished, `killed` when SIGKILL ended it.

The environment (FINSAM_TODAY, FINSAM_ACTOR, …) is the one this process was started with.
Children read from and write to /dev/null. This process runs no finsam code itself (no
thread pools of its own), so forking it is safe.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time

from intake.cli.app import run

LONGEST = 120.0  # a child still running after this long is killed (a hung import fails the test)
POLL = 0.001


def run_child(args: list[str]) -> None:
    """In the forked child: run the command and exit with its code, never returning."""
    code = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # stdin and stdout are this process's protocol pipes
            os.dup2(quiet, fd)
        code = run(args)
    finally:
        os._exit(code)


def fork_and_maybe_kill(args: list[str], kill_after: float | None) -> dict[str, object]:
    """Fork a child running `args`; SIGKILL it at `kill_after` seconds if still running."""
    sys.stdout.flush()
    began = time.monotonic()
    pid = os.fork()
    if pid == 0:
        run_child(args)
    deadline = began + (LONGEST if kill_after is None else min(kill_after, LONGEST))
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(POLL)
    elapsed = time.monotonic() - began
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return {"code": code, "killed": killed, "elapsed": elapsed}


def warm(args: list[str]) -> dict[str, object]:
    """Run `args` once in a child and import here every module the child imported on the way,
    so later children start warm. Nothing runs here: polars and friends start thread pools
    when first used, and a pool in this process would leave its forked children hanging."""
    reading, writing = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.close(reading)
        before = set(sys.modules)
        code = 1
        try:
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            code = run(args)
            os.write(writing, json.dumps([m for m in sys.modules if m not in before]).encode())
        finally:
            os._exit(code)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        loaded = json.loads(pipe.read() or b"[]")
    _, status = os.waitpid(pid, 0)
    for name in loaded:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that imports only as a side effect of another
            pass
    return {"code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None, "modules": len(loaded)}


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if "warm" in request:
            answer = warm(request["warm"])
        else:
            answer = fork_and_maybe_kill(request["run"], request.get("kill_after"))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
