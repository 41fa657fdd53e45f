"""Fetching one pinned Debian package and unpacking part of it into .venv/share, once, with the standard library.

Where from: the Debian mirrors this machine's apt is set up with (its sources.list and sources.list.d, one-line
and deb822 files alike), each asked for the package's path in the archive's pool; where none serves it,
`apt-get download NAME=VERSION` (no root needed). No host is written here: the machine's own package setup names
it. A .deb is an `ar` archive around a tar, so neither apt nor root is needed to unpack it. The package is pinned
by pool path, version and SHA-256; what a fetcher keeps is unpacked whole or not at all (into a `.partial` folder,
renamed when done), and any failure is one line and exit status 1: the generator then runs without that material
and says so.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARE = Path(__file__).resolve().parents[1] / ".venv" / "share"
APT = Path("/etc/apt")
APT_GET_S = 600  # apt-get download of a package of a few hundred MB
DONE = ".fetched"  # written last, inside the target: its presence means the target is whole
AR_MAGIC = b"!<arch>\n"
AR_HEADER = 60

# keep(tar, member, folder) unpacks what it wants of one data.tar member into folder; returns how many items
# (photos, models) it kept
Keep = Callable[[tarfile.TarFile, tarfile.TarInfo, Path], int]


@dataclass(frozen=True)
class Package:
    """A pinned package and what to keep of it."""

    package: str  # Debian's name for it
    version: str
    pool: str  # its path in a Debian archive, e.g. pool/main/t/tuxpaint-stamps/tuxpaint-stamps-default_..._all.deb
    sha256: str
    target: Path
    name: str  # what it holds, e.g. "the Tux Paint stamps' photographs"
    size: str  # its download size, for the progress line
    without: str  # what the generator goes without when it is missing, e.g. "no photo cut-outs"
    keep: Keep


def data_offset(deb: Path) -> int:
    """Where the data.tar.* member of a .deb (an ar archive) starts."""
    with deb.open("rb") as f:
        if f.read(len(AR_MAGIC)) != AR_MAGIC:
            raise ValueError(f"{deb} is not a Debian package")
        while header := f.read(AR_HEADER):
            name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
            if name.startswith("data.tar"):
                return f.tell()
            f.seek(size + size % 2, 1)
    raise ValueError(f"{deb} has no data.tar member")


def source_uris(apt: Path = APT) -> list[str]:
    """The http(s), ftp and file URIs of the enabled `deb` sources in apt's sources.list, sources.list.d/*.list
    (one-line format) and sources.list.d/*.sources (deb822), in that order, each once; security archives left
    out (their pool holds only security updates)."""
    files = [apt / "sources.list", *sorted((apt / "sources.list.d").glob("*.list")),
             *sorted((apt / "sources.list.d").glob("*.sources"))]
    found: list[str] = []
    for path in files:
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        entries = _deb822(text) if path.suffix == ".sources" else _one_line(text)
        found += [uri.rstrip("/") for uri, suites in entries
                  if uri.split(":", 1)[0] in ("http", "https", "ftp", "file")
                  and not all(suite.endswith("-security") for suite in suites)]
    return list(dict.fromkeys(found))


def _one_line(text: str) -> list[tuple[str, list[str]]]:
    """(URI, [suite]) of each `deb [options] URI suite components` line."""
    entries = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words[:1] != ["deb"]:
            continue
        words = words[1:]
        if words and words[0].startswith("["):  # options: [arch=amd64 signed-by=...]
            while words and not words[0].endswith("]"):
                words = words[1:]
            words = words[1:]
        if len(words) >= 2:
            entries.append((words[0], [words[1]]))
    return entries


def _deb822(text: str) -> list[tuple[str, list[str]]]:
    """(URI, suites) of each enabled stanza of Types: deb."""
    entries = []
    for stanza in text.split("\n\n"):
        fields = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line or line[:1].isspace():
                continue
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.split()
        if "deb" in fields.get("types", []) and fields.get("enabled", ["yes"])[0].lower() != "no":
            entries += [(uri, fields.get("suites", [])) for uri in fields.get("uris", [])]
    return entries


def download(url: str, sha256: str, path: Path) -> None:
    """The file at `url` into `path`, its SHA-256 checked."""
    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=60) as response, path.open("wb") as out:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        raise ValueError(f"{url} does not have the pinned SHA-256")


def apt_get_download(package: Package, folder: Path) -> Path:
    """`apt-get download NAME=VERSION` into `folder`: the .deb, its SHA-256 checked."""
    if shutil.which("apt-get") is None:
        raise OSError("there is no apt-get")
    done = subprocess.run(["apt-get", "download", f"{package.package}={package.version}"], cwd=folder,
                          capture_output=True, text=True, timeout=APT_GET_S)
    debs = sorted(folder.glob("*.deb"))
    if done.returncode != 0 or not debs:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise OSError(lines[-1] if lines else f"exit status {done.returncode}")
    digest = hashlib.sha256(debs[0].read_bytes()).hexdigest()
    if digest != package.sha256:
        raise ValueError(f"apt-get's {debs[0].name} does not have the pinned SHA-256")
    return debs[0]


def obtain(package: Package, folder: Path, apt: Path = APT) -> tuple[Path, str]:
    """The package's .deb in `folder` and where it came from: the first apt source mirror that serves its pool
    path, else apt-get; OSError saying what each tried gave when none did."""
    tried = []
    for uri in source_uris(apt):
        url = f"{uri}/{package.pool}"
        deb = folder / Path(package.pool).name
        try:
            download(url, package.sha256, deb)
            return deb, url
        except (OSError, ValueError) as error:
            tried.append(f"{url}: {error}")
    try:
        return apt_get_download(package, folder), f"apt-get download {package.package}={package.version}"
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        tried.append(f"apt-get download {package.package}={package.version}: {error}")
    raise OSError("; ".join(tried) if tried else "no apt sources")


def unpack(deb: Path, target: Path, keep: Keep, source: str) -> int:
    """What `keep` wants of the package's data into `target`, whole or not at all; returns the items kept."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    kept = 0
    with deb.open("rb") as f:
        f.seek(data_offset(deb))
        with tarfile.open(fileobj=f, mode="r|*") as tar:
            for member in tar:
                if member.isfile():
                    kept += keep(tar, member, partial)
    partial.mkdir(parents=True, exist_ok=True)
    (partial / DONE).write_text(source)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return kept


def fetch(package: Package, apt: Path = APT) -> int:
    """Obtain and unpack `package` unless it is already whole; 0 on success, 1 (after one line) on failure."""
    if (package.target / DONE).is_file():
        return 0
    print(f"fetching {package.name} ({package.size}, once) into {package.target.parent} ...", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            deb, source = obtain(package, Path(scratch), apt)
            kept = unpack(deb, package.target, package.keep, source)
    except (OSError, ValueError, tarfile.TarError, zipfile.BadZipFile) as error:
        print(f"note: {package.without}, {package.name} ({package.package} {package.version}) could not be "
              f"fetched: {error}", file=sys.stderr)
        return 1
    print(f"kept {kept} in {package.target}", file=sys.stderr)
    return 0
