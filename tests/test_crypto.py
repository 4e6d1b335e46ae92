"""Sealing, wrapping, Argon2id and receipts."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from storage import crypto

CHEAP = crypto.Argon2Cost(memory_kib=8, iterations=1, lanes=1)


def test_seal_round_trip() -> None:
    keys = crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"secret text", scope="case:1", purpose="report")
    assert crypto.unseal(keys.private, blob, scope="case:1", purpose="report") == b"secret text"
    assert blob[0] == crypto.SEAL_VERSION
    assert b"secret text" not in blob


def test_seal_is_randomized() -> None:
    keys = crypto.generate_keypair()
    first = crypto.seal(keys.public, b"same", scope="case:1", purpose="report")
    second = crypto.seal(keys.public, b"same", scope="case:1", purpose="report")
    assert first != second


def test_wrong_key_fails() -> None:
    keys, other = crypto.generate_keypair(), crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"x", scope="case:1", purpose="report")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(other.private, blob, scope="case:1", purpose="report")


@pytest.mark.parametrize("position", [0, 1, 40, -1])
def test_tampered_blob_fails(position: int) -> None:
    keys = crypto.generate_keypair()
    blob = bytearray(crypto.seal(keys.public, b"payload", scope="case:1", purpose="report"))
    blob[position] ^= 0x01
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(keys.private, bytes(blob), scope="case:1", purpose="report")


def test_truncated_blob_fails() -> None:
    keys = crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"payload", scope="case:1", purpose="report")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(keys.private, blob[:20], scope="case:1", purpose="report")


def test_blob_moved_to_another_case_fails() -> None:
    keys = crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"payload", scope="case:1", purpose="report")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(keys.private, blob, scope="case:2", purpose="report")


def test_blob_moved_to_another_purpose_fails() -> None:
    keys = crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"payload", scope="case:1", purpose="report")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(keys.private, blob, scope="case:1", purpose="attachment")


def test_scope_and_purpose_boundaries_do_not_collide() -> None:
    keys = crypto.generate_keypair()
    blob = crypto.seal(keys.public, b"payload", scope="case:1", purpose="2report")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(keys.private, blob, scope="case:12", purpose="report")


def test_wrap_round_trip_and_wrong_key() -> None:
    key, other = b"k" * 32, b"o" * 32
    blob = crypto.wrap(key, b"private key bytes", purpose="person-private-key")
    assert crypto.unwrap(key, blob, purpose="person-private-key") == b"private key bytes"
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap(other, blob, purpose="person-private-key")
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap(key, blob, purpose="reporter-private-key")


async def test_passphrase_derivation_is_deterministic_per_salt() -> None:
    salt = crypto.new_salt()
    first = await crypto.derive_key("passphrase", salt, CHEAP)
    assert first == await crypto.derive_key("passphrase", salt, CHEAP)
    assert first != await crypto.derive_key("passphrase", crypto.new_salt(), CHEAP)
    assert first != await crypto.derive_key("Passphrase", salt, CHEAP)


async def test_argon2_runs_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    loop_thread = threading.get_ident()
    threads: list[int] = []
    original = crypto.derive_key_sync

    def spy(secret: str, salt: bytes, cost: crypto.Argon2Cost) -> bytes:
        threads.append(threading.get_ident())
        return original(secret, salt, cost)

    monkeypatch.setattr(crypto, "derive_key_sync", spy)
    await crypto.derive_key("x", crypto.new_salt(), CHEAP)
    assert threads and threads[0] != loop_thread


async def test_event_loop_keeps_running_during_derivation() -> None:
    """While a (deliberately costly) derivation runs, other coroutines still get scheduled."""
    costly = crypto.Argon2Cost(memory_kib=32768, iterations=3, lanes=1)
    ticks = 0
    derivation = asyncio.create_task(crypto.derive_key("x", crypto.new_salt(), costly))
    while not derivation.done():
        ticks += 1
        await asyncio.sleep(0)
    assert ticks > 10


async def test_concurrent_derivations_finish() -> None:
    """Several unlocks at once at the default lanes (4): with a derivation per thread they
    deadlocked inside cryptography/OpenSSL; the KDF thread takes them one at a time."""
    cost = crypto.Argon2Cost(memory_kib=8192, iterations=1, lanes=4)
    keys = await asyncio.wait_for(
        asyncio.gather(*(crypto.derive_key(f"secret {n}", b"s" * 16, cost) for n in range(4))), timeout=60)
    assert len(set(keys)) == 4


def test_receipt_has_80_bits_in_typeable_groups() -> None:
    receipt = crypto.new_receipt()
    groups = receipt.split("-")
    assert len(groups) == 4 and all(len(g) == 4 for g in groups)
    assert all(ch in crypto.CROCKFORD for ch in receipt.replace("-", ""))
    assert len(crypto.CROCKFORD) ** crypto.RECEIPT_CHARS >= 2**80


def test_receipt_normalization_forgives_typing() -> None:
    receipt = "AB0C-1DEF-GH1J-KMNP"
    assert crypto.normalize_receipt("abOc-ldef-gh1j-kmnp") == receipt
    assert crypto.normalize_receipt(" AB0C1DEFGH1JKMNP ") == receipt
    assert crypto.normalize_receipt("AB0C-1DEF-GH1J") is None
    assert crypto.normalize_receipt("AB0C-1DEF-GH1J-KMNU") is None  # U is not Crockford


async def test_receipt_tag_and_key_are_independent() -> None:
    receipt = crypto.new_receipt()
    salt = crypto.new_salt()
    deployment_salt = crypto.new_salt()
    tag = await crypto.receipt_tag(receipt, CHEAP, deployment_salt)
    key = await crypto.receipt_key(receipt, salt, CHEAP)
    assert tag == await crypto.receipt_tag(receipt, CHEAP, deployment_salt)  # found from the receipt alone
    assert tag != key
    assert tag != await crypto.receipt_tag(crypto.new_receipt(), CHEAP, deployment_salt)


def test_pseudonym_hides_the_id() -> None:
    value = crypto.pseudonym("k" * 32, "user", 987654321)
    assert "987654321" not in value and format(987654321, "x") not in value
    assert value == crypto.pseudonym("k" * 32, "user", 987654321)
    assert value != crypto.pseudonym("j" * 32, "user", 987654321)


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="thread niceness is a Linux/Unix feature")
async def test_derivations_run_at_background_priority() -> None:
    """Interactive updates win the CPU over Argon2id: its thread is niced, the event loop is not."""
    await crypto.derive_key("secret", b"0" * 16, crypto.Argon2Cost(8, 1, 1))
    kdf_threads = [t for t in threading.enumerate() if t.name.startswith("argon2id")]
    assert len(kdf_threads) == 1
    assert os.getpriority(os.PRIO_PROCESS, kdf_threads[0].native_id) == min(
        19, crypto.KDF_NICENESS + os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
