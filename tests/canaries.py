"""Canary search: the byte strings that must never reach the database files or the logs."""

from __future__ import annotations

from pathlib import Path


def needles_for(reporter_id: int, texts: dict[str, str], attachment: bytes, receipt: str,
                secrets: list[str]) -> dict[str, bytes]:
    needles = {name: value.encode() for name, value in texts.items()}
    needles.update({
        "attachment": attachment[:64],
        "id-decimal": str(reporter_id).encode(),
        "id-hex": format(reporter_id, "x").encode(),
        "id-hex-upper": format(reporter_id, "X").encode(),
        "id-bytes-be": reporter_id.to_bytes(8, "big"),
        "id-bytes-le": reporter_id.to_bytes(8, "little"),
        "receipt": receipt.encode(),
        "receipt-compact": receipt.replace("-", "").encode(),
    })
    for index, secret in enumerate(secrets):
        needles[f"secret-{index}"] = secret.encode()
    # Text also in the encodings a database might use.
    for name, value in texts.items():
        needles[f"{name}-utf16"] = value.encode("utf-16-le")
    return needles


def scan(blob: bytes, needles: dict[str, bytes]) -> list[str]:
    return [name for name, needle in needles.items() if needle in blob]


def database_files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()]
