"""An IMAP-over-TLS connection that does not trust the server (README, `dvht nhan-thu`): a deadline for
the whole call and a bound on what one command may bring in, whatever the server declares.

    conn = BoundedIMAP(host, port, context, timeout=60, seconds=900, literal_limit=MAX_MESSAGE_BYTES)
    ...                      # imaplib's commands, as usual
    conn.expired             # the deadline passed: the socket was shut, the command in progress failed
    conn.oversized           # the last command's literals went over the bound: drained, returned as b""

A socket timeout alone bounds one read, not a server that drips a byte every 20 seconds: a timer shuts the
connection down at the deadline instead (a blocked read then ends at once, the TLS handshake too). A literal
(`{12345}` then the bytes) is read into memory only while the command's literals stay within
`literal_limit`; beyond, it is read through in 64 KB pieces and dropped, so the connection stays in step with
the server and memory stays bounded. imaplib itself bounds a line (1 MB).
"""
from __future__ import annotations

import imaplib
import socket
import threading

_PIECE = 1 << 16


class BoundedIMAP(imaplib.IMAP4_SSL):
    def __init__(self, host: str, port: int, ssl_context, timeout: float, seconds: float, literal_limit: int):
        self.expired = False
        self.oversized = False
        self._limit = literal_limit
        self._taken = 0
        self._shut: socket.socket | None = None  # a duplicate of the TCP socket, for shutting it down from the timer
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        try:
            super().__init__(host, port, ssl_context=ssl_context, timeout=min(timeout, seconds))
        except BaseException:
            self.release()
            raise

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._shut is not None:
                try:
                    self._shut.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _create_socket(self, timeout):
        raw = imaplib.IMAP4._create_socket(self, timeout)
        with self._lock:
            self._shut = raw.dup()
        if self.expired:
            self._expire()
        return self.ssl_context.wrap_socket(raw, server_hostname=self.host)

    def _command(self, name, *args):
        self._taken, self.oversized = 0, False
        return super()._command(name, *args)

    def read(self, size: int) -> bytes:
        self._taken += size
        if self._taken <= self._limit:
            return super().read(size)
        self.oversized = True
        left = size
        while left > 0:
            piece = self.file.read(min(left, _PIECE))
            if not piece:
                raise self.abort("socket error: EOF")
            left -= len(piece)
        return b""

    def release(self) -> None:
        """Stop the timer and close the duplicate socket (after logout, or when connecting failed). The timer's
        thread is waited for: a process that forks later must be single-threaded again (system/child_processes)."""
        self._timer.cancel()
        if self._timer is not threading.current_thread():
            self._timer.join(timeout=5)
        with self._lock:
            if self._shut is not None:
                self._shut.close()
                self._shut = None


__all__ = ["BoundedIMAP"]
