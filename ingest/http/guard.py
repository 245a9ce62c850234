"""Which addresses a connection may reach, enforced where the socket is opened.

The check sits in httpcore's network backend rather than before the request: a redirect, a
keep-alive reconnect and every retry open their sockets here too, and the address checked is the
address connected to (the name is resolved once, here, never again by the socket layer).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore
import httpx


class AddressBlockedError(Exception):
    """A connection to a non-public address that the sources file does not allow."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(
            f"refused to connect to {host} ({address}): {why} address; "
            "list the host in politeness.allow_private_hosts to allow it"
        )
        self.host = host
        self.address = address


def non_public_reason(address: str) -> str | None:
    """Why an IP address is not on the public internet, or None when it is."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for why, flagged in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if flagged:
            return why
    # Shared address space (100.64.0.0/10) and the like: neither private nor global.
    return None if ip.is_global else "non-global"


@dataclass(frozen=True)
class AddressPolicy:
    """`allowed_hosts` holds `host` or `host:port` entries that may resolve to any address."""

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, hosts: Iterable[str]) -> AddressPolicy:
        return cls(frozenset(h.strip().lower() for h in hosts if h.strip()))

    def allows_any_address(self, host: str, port: int) -> bool:
        host = host.lower().strip("[]")
        return host in self.allowed_hosts or f"{host}:{port}" in self.allowed_hosts

    def resolve(self, host: str, port: int) -> list[tuple]:
        """The addresses to connect to, each checked; raises AddressBlockedError."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from exc
        if not self.allows_any_address(host, port):
            # Every answer is checked, not just the first: a name that resolves to a public and a
            # private address at once is refused outright.
            for info in infos:
                address = str(info[4][0])
                why = non_public_reason(address)
                if why is not None:
                    raise AddressBlockedError(host, address, why)
        return infos


class GuardedBackend(httpcore.SyncBackend):
    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[tuple] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for *_family, address in self.policy.resolve(host, port):
            # An IP literal: the socket layer connects to it without resolving the name again.
            try:
                return super().connect_tcp(address[0], port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        raise last_error or httpcore.ConnectError(f"no address for {host}")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded backend and no proxy (a proxy would connect for us,
    out of the guard's sight)."""

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy),
        )


def guarded_client(
    policy: AddressPolicy,
    headers: dict[str, str],
    timeout_seconds: float,
    follow_redirects: bool = False,
) -> httpx.Client:
    """An httpx client whose every connection passes the policy. httpx itself follows only
    http(s) redirects; callers that need each hop's URL follow them themselves."""
    return httpx.Client(
        headers=headers,
        timeout=timeout_seconds,
        follow_redirects=follow_redirects,
        max_redirects=5,
        transport=GuardedTransport(policy),
        trust_env=False,
    )
