"""Reading PDFs back with poppler's tools and zbar, as a person with a PDF viewer and a phone would."""

import subprocess
import tempfile
from pathlib import Path


def _run(*command: str, data: bytes | None = None) -> str:
    result = subprocess.run(command, input=data, capture_output=True, check=True, timeout=120)
    return result.stdout.decode()


def text(pdf: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", "-layout", *pages, "-", "-", data=pdf)


def fonts(pdf: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with its name, type and whether it is embedded."""
    rows = []
    # name, type (may be two words), encoding, emb, sub, uni, object, generation
    for line in _run("pdffonts", "-", data=pdf).splitlines()[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "embedded": parts[-5] == "yes"})
    return rows


def info(pdf: bytes) -> dict[str, str]:
    return dict(line.split(":", 1) for line in _run("pdfinfo", "-", data=pdf).splitlines() if ":" in line)


def images(pdf: bytes) -> list[str]:
    return _run("pdfimages", "-list", "-", data=pdf).splitlines()[2:]


def qr_codes(pdf: bytes, page: int = 1) -> list[str]:
    """What a phone would read from the printed page: the page rendered at 150 dpi, decoded by zbarimg."""
    with tempfile.TemporaryDirectory() as folder:
        _run("pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile", "-",
             str(Path(folder) / "page"), data=pdf)
        # zbarimg exits 4 when it finds no code; that is an answer (no codes), not a failure.
        result = subprocess.run(["zbarimg", "--quiet", "--raw", str(Path(folder) / "page.png")],
                                capture_output=True, timeout=120)
        return result.stdout.decode().split()
