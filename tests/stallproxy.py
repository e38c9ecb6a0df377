"""A TCP proxy in front of the test server whose network can go silent: it stops forwarding without
closing anything (no reset, no FIN), as a dead link or a NAT that forgot us does."""

from __future__ import annotations

import select
import socket
import threading
import time


class StallProxy:
    """Forwards 127.0.0.1:`port` to the server until `stall()`; `resume()` forwards new connections
    again and cuts the stalled ones (the network's late reset)."""

    def __init__(self, target_port: int) -> None:
        self._target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._stalled = threading.Event()
        self._stop = threading.Event()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._held: list[socket.socket] = []  # accepted while stalled: never answered
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self._stalled.set()

    def resume(self) -> None:
        with self._lock:
            stale, self._pairs = self._pairs, []
            held, self._held = self._held, []
        for sock in [*held, *(s for pair in stale for s in pair)]:
            sock.close()
        self._stalled.clear()

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self.resume()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._stalled.is_set():
                with self._lock:
                    self._held.append(client)
                continue
            server = socket.create_connection(self._target)
            with self._lock:
                self._pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        while not self._stop.is_set():
            if self._stalled.is_set():
                time.sleep(0.05)  # silent: bytes stay where they are, nothing is closed
                continue
            try:
                ready, _, _ = select.select(list(peers), [], [], 0.05)
            except (OSError, ValueError):
                return  # closed by resume()
            for sock in ready:
                try:
                    data = sock.recv(65536)
                    if not data:
                        raise OSError("closed")
                    peers[sock].sendall(data)
                except OSError:
                    client.close()
                    server.close()
                    return
