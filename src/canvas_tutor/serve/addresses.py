"""The addresses learners can type: this machine's LAN addresses, found with the standard
library, or the one the trainer announces with --public-url.

`--host 0.0.0.0` listens everywhere, but 0.0.0.0 is not an address a browser can reach,
so it is never printed nor given to a page.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

from canvas_tutor.errors import UserError

WILDCARDS = {"0.0.0.0", "::", ""}


def url_for(host: str, port: int, scheme: str = "http") -> str:
    """`http://host:port`, brackets around an IPv6 address, no port for the default one."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{shown}" + ("" if port == default else f":{port}")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def lan_addresses() -> list[str]:
    """This machine's addresses other machines may reach (IPv4 first), without a lookup
    leaving the machine: the host name's own addresses, and the address a UDP socket
    would send from (connecting a UDP socket sends nothing)."""
    found: list[str] = []
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM):
            found.append(str(info[4][0]))
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 9))  # TEST-NET: a route lookup only, no packet is sent
            found.append(str(sock.getsockname()[0]))
    usable = [a for a in dict.fromkeys(found) if _usable(a)]
    return sorted(usable, key=lambda a: (":" in a, a))


def learner_urls(host: str, port: int) -> list[str]:
    """What to tell the learners for a --host: every LAN address for a wildcard."""
    if host in WILDCARDS:
        return [url_for(a, port) for a in lan_addresses()]
    return [url_for(host, port)]


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_public_url(url: str) -> str:
    """A --public-url as the page will use it: http(s)://host[:port][/path], no trailing /."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"--public-url must look like http://classroom.example:8000, "
                        f"not {url!r}")
    if parts.query or parts.fragment:
        raise UserError("--public-url cannot have a query (?) or a fragment (#)")
    return url.strip().rstrip("/")
