"""A real CalDAV server for the tests: Radicale on 127.0.0.1, with htpasswd (plain) users, started once
per run and stopped at the end; and an in-memory keyring, so no test ever reaches the user's own."""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The users the server knows, and their passwords.
USERS = {"officer": "s3cret pass", "colleague": "other-pass"}


@dataclass(frozen=True)
class Radicale:
    """A running Radicale: where it listens, its storage folder, and raw requests as a user."""

    host: str
    port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def home(self, user: str = "officer") -> str:
        """The user's calendar home (where their calendars are made)."""
        return f"{self.url}{user}/"

    def new_user(self) -> tuple[str, str]:
        """A user of its own for one test (a home no other test touches): (name, password).
        Radicale reads the htpasswd file again when it changes."""
        import secrets

        name, password = f"user-{secrets.token_hex(4)}", secrets.token_urlsafe(12)
        USERS[name] = password
        with (self.folder / "users").open("a", encoding="utf-8") as users:
            users.write(f"{name}:{password}\n")
        return name, password

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        user: str = "officer",
    ) -> tuple[int, bytes, dict[str, str]]:
        token = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers={"Authorization": f"Basic {token}", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """Radicale 3 as a subprocess (`python -m radicale`) on a free loopback port, with its own
    storage folder and htpasswd users (`USERS`, plain text); skipped only without Radicale."""
    pytest.importorskip("radicale", reason="the CalDAV publishing tests need Radicale (pip install radicale)")
    folder = tmp_path_factory.mktemp("radicale-server")
    port = free_port()
    users = folder / "users"
    users.write_text("".join(f"{user}:{password}\n" for user, password in USERS.items()), "utf-8")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n[web]\ntype = none\n"
        "[logging]\nlevel = warning\n",
        "utf-8",
    )
    log_path = folder / "radicale.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT, cwd=folder
    )
    server = Radicale("127.0.0.1", port, folder)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"Radicale exited at start: {log_path.read_text('utf-8')[-2000:]}")
            try:
                status, _, _ = server.request("PROPFIND", "/officer/", headers={"Depth": "0"})
                if status in (207, 200):
                    break  # it answers, and the user's home exists (Radicale makes it on first sight)
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Radicale did not answer within 30 s")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[tuple[str, str], str]]:
    """An in-memory keyring set as the keyring backend for one test (its entries, to look at);
    the CalDAV password variable is unset so the keyring is asked."""
    import keyring
    import keyring.core
    from keyring.backend import KeyringBackend

    entries: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            entries.pop((service, username), None)

    monkeypatch.delenv("VISITPLANNER_CALDAV_PASSWORD", raising=False)
    previous = keyring.core._keyring_backend  # restored as it was, without probing the system's
    keyring.set_keyring(MemoryKeyring())
    try:
        yield entries
    finally:
        keyring.core._keyring_backend = previous
