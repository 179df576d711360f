"""The real `finsam` (the venv's script) in a pseudo-terminal: a bare `finsam` opens the app,
a flow typed into the chat and confirmed with "ja" is recorded, ctrl+q quits, and
`finsam history --format json` finds the event. Piped, a bare `finsam` still prints the status.
`finsam serve` is driven as a browser drives it (a websocket), and `finsam chat` through a pipe."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
import urllib.request
from pathlib import Path

from cli_helpers import ACTOR, SRC, TODAY, cli_url, finsam, history_json, ok, prepared_ledger
from ledger.store import LedgerStore

FINSAM = Path(sys.executable).with_name("finsam")


class Terminal:
    """A child process on a pseudo-terminal of 120x40, its output kept as text."""

    def __init__(self, *args: str, env_extra: dict[str, str] | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FINSAM_", "TEXTUAL"))}
        env.update(env_extra or {})
        env.update({"FINSAM_TODAY": TODAY.isoformat(), "FINSAM_ACTOR": ACTOR, "TERM": "xterm-256color",
                    "COLUMNS": "120", "LINES": "40",
                    "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the real script on the terminal
            os.execve(str(FINSAM), [str(FINSAM), *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 60) -> None:
        """Read until `text` has been drawn (fails with what was seen after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; the terminal showed:\n{self.seen[-3000:]}"
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.5))
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break

    def type(self, text: str) -> None:
        for char in text:  # one key at a time, as a user types
            os.write(self.fd, char.encode())
            time.sleep(0.005)

    def exit_code(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.drain()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"finsam did not exit; the terminal showed:\n{self.seen[-3000:]}")

    def drain(self) -> None:
        ready, _, _ = select.select([self.fd], [], [], 0.2)
        if ready:
            try:
                self.seen += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:
                pass


def test_a_flow_typed_into_the_app_in_a_terminal_is_recorded_and_found_in_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    term = Terminal("--db", cli_url(url))
    term.wait_for("Inkorg")
    term.wait_for("Månadskoll")
    term.type("Försteg Exempel april: 3 kvinnor och 2 män började, en man slutade till arbete\r")
    term.wait_for("Sammanfattning")
    term.type("ja\r")
    term.wait_for("Sparat")
    term.type("\x11")  # ctrl+q

    assert term.exit_code() == 0
    flows = [e for e in history_json(url) if e["event"] == "FlowReported" and e["data"]["manad"] == "2024-04"]
    assert [(e["data"]["flow"]["paborjade"], e["actor"]) for e in flows] == [
        ({"kvinna": 3, "man": 2, "ej_angivet": 0}, ACTOR)]


def test_a_bare_finsam_in_a_terminal_before_any_forbund_opens_the_demo_labelled_as_such(tmp_path):
    data = tmp_path / "data"

    term = Terminal(env_extra={"XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(tmp_path / "config")})
    term.wait_for("DEMOFÖRBUNDET (demo.sqlite)")
    term.wait_for("Inkorg")
    term.type("\x11")  # ctrl+q

    assert term.exit_code() == 0
    assert (data / "finsam" / "demo.sqlite").exists()
    assert not (data / "finsam" / "finsam.sqlite").exists()  # the user's own database is not created


def test_a_bare_finsam_without_a_terminal_prints_the_status(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    out = ok(finsam(url))

    assert "Samordningsförbundet Exempel (222000-0000)" in out
    assert "\x1b[" not in out  # text, not a screen


def test_finsam_help_names_the_app_and_serve_without_loading_textual(tmp_path):
    out = ok(finsam(None, "--help"))
    assert "app " in out and "serve " in out
    probe = ("import sys, intake.cli.app, intake.cli.app_cmd; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)}, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_same_flow_piped_into_finsam_chat_is_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    env.update({"FINSAM_TODAY": TODAY.isoformat(), "FINSAM_ACTOR": ACTOR, "PYTHONPATH": str(SRC)})

    done = subprocess.run([str(FINSAM), "--db", cli_url(url), "chat"], text=True, capture_output=True, env=env,
                          input="Försteg Exempel april: 3 kvinnor och 2 män började, en man slutade till arbete\nja\n",
                          timeout=120)

    assert done.returncode == 0, done.stderr
    flows = [e for e in history_json(url) if e["event"] == "FlowReported" and e["data"]["manad"] == "2024-04"]
    assert [e["data"]["flow"]["avslutade"] for e in flows] == [{"kvinna": 0, "man": 1, "ej_angivet": 0}]


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("localhost", 0))
        return probe_socket.getsockname()[1]


def test_a_volume_typed_in_the_browser_through_finsam_serve_is_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    env.update({"FINSAM_TODAY": TODAY.isoformat(), "FINSAM_ACTOR": "webben", "PYTHONPATH": str(SRC)})
    server = subprocess.Popen([str(FINSAM), "--db", cli_url(url), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        server.stdout.readline()  # type: ignore[union-attr]  # the address: the server is starting
        asyncio.run(browser_session(port, [("SIP april\r", None), ("4 möten\r", "Sammanfattning"),
                                           ("ja\r", "Sparat"), ("\x11", None)]))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    volumes = [e for e in history_json(url) if e["event"] == "VolumeReported"]
    assert [(e["data"], e["actor"]) for e in volumes] == [({"manad": "2024-04", "antal": 4}, "webben")]


async def browser_session(port: int, steps: list[tuple[str, str | None]]) -> None:
    """What the browser page does: a websocket to /ws, the keys sent as "stdin" packets; each
    step waits until its text has been drawn."""
    import aiohttp  # textual-serve's own web library

    seen = b""
    async with aiohttp.ClientSession() as http:
        for _ in range(100):  # the server may still be starting
            try:
                ws = await http.ws_connect(f"http://localhost:{port}/ws?width=120&height=40")
                break
            except aiohttp.ClientError:
                await asyncio.sleep(0.2)
        else:
            raise AssertionError(f"finsam serve never answered on port {port}")
        async with ws:
            async def drawn(text: str) -> None:
                nonlocal seen
                deadline = time.monotonic() + 60
                while text.encode() not in seen:
                    assert time.monotonic() < deadline, f"{text!r} never appeared:\n{seen[-2000:]!r}"
                    try:
                        message = await ws.receive(timeout=1)
                    except TimeoutError:
                        continue
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        seen += message.data.encode()
                    else:
                        raise AssertionError(f"the websocket closed before {text!r}")

            await drawn("Inkorg")
            for keys, wait_for in steps:
                await ws.send_json(["stdin", keys])
                if wait_for:
                    await drawn(wait_for)
                else:
                    await asyncio.sleep(0.5)


def test_finsam_serve_says_its_address_and_serves_the_app_page(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    env.update({"FINSAM_TODAY": TODAY.isoformat(), "PYTHONPATH": str(SRC)})
    server = subprocess.Popen([str(FINSAM), "--db", cli_url(url), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = server.stdout.readline()  # type: ignore[union-attr]
        assert first.strip() == f"finsam i webbläsaren: öppna http://localhost:{port} (Ctrl+C avslutar)."
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "finsam" in page and "<html" in page.lower()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_finsam_app_on_a_database_without_forbund_says_how_to_begin_and_opens_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'tom.sqlite'}"
    LedgerStore(url, create=True).close()

    out = ok(finsam(url, "app", env={"TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}))

    assert "Databasen har inget förbund ännu." in out


def test_a_keymap_with_an_unknown_id_is_refused_before_the_app_opens(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    (tmp_path / "config" / "finsam").mkdir(parents=True)
    (tmp_path / "config" / "finsam" / "tangenter.toml").write_text('"skarm.okand" = "f9"\n', encoding="utf-8")

    done = finsam(url, "app", env={"XDG_CONFIG_HOME": str(tmp_path / "config"),
                                   "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"})

    assert done.returncode == 3
    assert '"skarm.okand" är inget tangent-id i finsam – F1 visar dem.' in done.stderr


def test_finsam_app_without_a_terminal_is_a_usage_error_that_names_the_alternatives(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = finsam(url, "app")

    assert done.returncode == 2
    assert "Fel: appen behöver en terminal – utan terminal: finsam status, eller finsam chat" in done.stderr


def test_finsam_serve_on_a_port_already_taken_says_so_in_swedish(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]

        done = finsam(url, "serve", "--port", str(port))

    assert done.returncode == 2
    assert f"Fel: kunde inte ta emot anslutningar på localhost:{port}" in done.stderr
    assert "välj en annan port med --port." in done.stderr
    assert "Traceback" not in done.stderr
