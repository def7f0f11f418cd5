"""Network guard for kernels started by tests/test_offline.py.

Python imports `sitecustomize` at start-up from its path, so a kernel started with this folder
on PYTHONPATH and CRM_OFFLINE_LOG set refuses every connection outside the machine: connect,
connect_ex, sendto, create_connection and name look-ups of anything but localhost fail with
OSError, and each attempt is appended to the file named by CRM_OFFLINE_LOG (one JSON line with
the address and where in the code it came from). Loopback (the kernel's own channels) and
Unix sockets are allowed. Without CRM_OFFLINE_LOG this module does nothing.
"""

from __future__ import annotations

import os


def _install(log_path: str) -> None:
    import errno
    import ipaddress
    import json
    import socket
    import traceback

    local_names = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

    def is_local(host) -> bool:
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        if not isinstance(host, str):
            return False
        if host.lower() in local_names:
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def allowed(address) -> bool:
        if isinstance(address, (str, bytes)):      # AF_UNIX path
            return True
        if isinstance(address, tuple) and address:
            return is_local(address[0])
        return False

    def record_and_refuse(what: str, address):
        stack = "".join(traceback.format_stack(limit=8)[:-2])
        try:
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"call": what, "address": repr(address), "pid": os.getpid(),
                                     "stack": stack}) + "\n")
        except OSError:
            pass
        raise OSError(errno.ENETUNREACH,
                      f"network access is blocked for the course (offline test): {what} {address!r}")

    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo
    original_create_connection = socket.create_connection

    def connect(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not allowed(address):
            record_and_refuse("connect", address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not allowed(address):
            record_and_refuse("connect_ex", address)
        return original_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1] if args else None
        if self.family != getattr(socket, "AF_UNIX", None) and not allowed(address):
            record_and_refuse("sendto", address)
        return original_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not is_local(host):
            record_and_refuse("getaddrinfo", host)
        return original_getaddrinfo(host, *args, **kwargs)

    original_gethostbyname = socket.gethostbyname
    original_gethostbyname_ex = socket.gethostbyname_ex

    def gethostbyname(host):
        if not is_local(host):
            record_and_refuse("gethostbyname", host)
        return original_gethostbyname(host)

    def gethostbyname_ex(host):
        if not is_local(host):
            record_and_refuse("gethostbyname_ex", host)
        return original_gethostbyname_ex(host)

    def create_connection(address, *args, **kwargs):
        if not allowed(address):
            record_and_refuse("create_connection", address)
        return original_create_connection(address, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex


if os.environ.get("CRM_OFFLINE_LOG"):
    _install(os.environ["CRM_OFFLINE_LOG"])
