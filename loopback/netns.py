"""Machines on one machine: Linux network namespaces, each linked to this one by a veth pair.

A host's processes have their own network stack and hostname, and reach the servers of this
(the root) namespace over TCP, on the root end of their link, as another machine's would; a
host can be lost at once (every process in it killed). Root only, with iproute2's `ip netns`.

Every namespace and link is named after the process that made it (`commons-<pid>-<role>`,
`cm<pid>r<n>`), takes a /24 of 10.231.0.0/16 no one else holds, and is removed by `close()`,
or by the next Network when its maker died first.
"""

from __future__ import annotations

import fcntl
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SPACE = ipaddress.IPv4Network("10.231.0.0/16")  # a network takes one /24 of it, a /30 per host
PORTS = range(5900, 6000)  # the servers' ports, on the network's own address
LOCK = Path("/tmp/commons-netns.lock")  # two networks made at once pick different /24s
NAMED = re.compile(r"^(commons-(\d+)-\S+|cm(\d+)r\d+)")  # a namespace, a root end of a link
KILL_ROUNDS = 50  # a process forking while its host is killed is killed in the next round


def unavailable() -> str | None:
    """Return why namespaces cannot be made here, or None when they can."""
    if os.geteuid() != 0:
        return "network namespaces need root (CI runs as root)"
    if shutil.which("ip") is None:
        return "iproute2's `ip` is missing (apt-get install iproute2)"
    if shutil.which("unshare") is None:
        return "util-linux's `unshare` is missing"
    if subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        return "`ip netns` does not work here"
    return None


def ip(*args: str, check: bool = True) -> str:
    """Run `ip` with `args`; return what it printed."""
    done = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Host:
    """One namespace: a machine with an address, a gateway (this machine) and a hostname."""

    def __init__(self, name: str, hostname: str, address: str, gateway: str) -> None:
        self.name = name
        self.hostname = hostname
        self.address = address
        self.gateway = gateway

    def run(self, command: list[str], env: dict[str, str], log: Path,
            cwd: Path | None = None) -> subprocess.Popen:
        """Start `command` on this host, with its own hostname, writing its output to `log`."""
        named = ["unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', self.hostname]
        with open(log, "ab") as out:
            return subprocess.Popen(["ip", "netns", "exec", self.name, *named, *command],
                                    env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def pids(self) -> list[int]:
        """Return the pids of every process on this host."""
        return [int(pid) for pid in ip("netns", "pids", self.name, check=False).split()]

    def kill(self) -> int:
        """Kill every process on this host at once (SIGKILL), as a lost machine; return how many."""
        killed: set[int] = set()
        for _ in range(KILL_ROUNDS):
            pids = self.pids()
            if not pids:
                return len(killed)
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.add(pid)
                except ProcessLookupError:
                    pass
        raise RuntimeError(f"processes on {self.name} outlived {KILL_ROUNDS} rounds of kills")


class Network:
    """Hosts, one per role, each linked to this machine; servers here listen on `address`."""

    def __init__(self, roles: list[str]) -> None:
        self.tag = str(os.getpid())
        self.hosts: dict[str, Host] = {}
        self.links: list[str] = []
        self.ports: set[int] = set()
        with locked():
            remove_orphans()
            block = free_block()
            links = block.subnets(new_prefix=30)
            try:
                for n, role in enumerate(roles):
                    self.hosts[role] = self._add(n, role, next(links))
            except Exception:
                self.close()
                raise
        self.address = next(iter(self.hosts.values())).gateway

    def _add(self, n: int, role: str, link: ipaddress.IPv4Network) -> Host:
        name, here, there = f"commons-{self.tag}-{role}", f"cm{self.tag}r{n}", f"cm{self.tag}n{n}"
        gateway, address = (str(a) for a in list(link.hosts())[:2])
        ip("netns", "add", name)
        host = Host(name, f"{role}.commons.test", address, gateway)
        self.hosts[role] = host  # from here on close() removes it
        ip("link", "add", here, "type", "veth", "peer", "name", there, "netns", name)
        self.links.append(here)
        ip("addr", "add", f"{gateway}/30", "dev", here)
        ip("link", "set", here, "up")
        inside = ("ip", "netns", "exec", name, "ip")
        for args in (("link", "set", "lo", "up"), ("addr", "add", f"{address}/30", "dev", there),
                     ("link", "set", there, "up"), ("route", "add", "default", "via", gateway)):
            subprocess.run([*inside, *args], check=True, capture_output=True)
        return host

    def port(self) -> int:
        """Return a port of PORTS free on this network's address."""
        for port in PORTS:
            if port in self.ports:
                continue
            with socket.socket() as sock:
                try:
                    sock.bind((self.address, port))
                except OSError:
                    continue
            self.ports.add(port)
            return port
        raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")

    def close(self) -> None:
        """Kill every process on every host, then remove the hosts and their links."""
        for host in self.hosts.values():
            host.kill()
            ip("netns", "del", host.name, check=False)  # its end of the link goes with it
        for link in self.links:
            ip("link", "del", link, check=False)  # gone already, unless the namespace lingered
        self.hosts, self.links = {}, []


@contextmanager
def locked() -> Iterator[None]:
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def free_block() -> ipaddress.IPv4Network:
    """Return a /24 of SPACE that no address of this machine is in."""
    taken = set()
    for line in ip("-4", "-o", "addr", "show").splitlines():
        address = ipaddress.ip_interface(line.split()[3]).ip
        if address in SPACE:
            taken.add(int(address) >> 8)
    for block in SPACE.subnets(new_prefix=24):
        if int(block.network_address) >> 8 not in taken:
            return block
    raise RuntimeError(f"every /24 of {SPACE} is in use")


def remove_orphans() -> None:
    """Remove the namespaces and links of networks whose maker died without closing them."""
    for line in ip("netns", "list").splitlines():
        name = line.split()[0] if line.split() else ""
        found = NAMED.match(name)
        if found and found.group(2) and not alive(int(found.group(2))):
            Host(name, "", "", "").kill()
            ip("netns", "del", name, check=False)
    for line in ip("-o", "link", "show").splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        found = NAMED.match(name)
        if found and found.group(3) and not alive(int(found.group(3))):
            ip("link", "del", name, check=False)
