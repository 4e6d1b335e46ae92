"""Sealing and key derivation. A handful of functions, each with one job.

Built only on the `cryptography` package:
- `seal` / `unseal`: anonymous public-key encryption (ephemeral X25519, HKDF-SHA256,
  ChaCha20-Poly1305). Associated data binds a blob to (case id, purpose), so a blob copied to
  another case or another field fails to open.
- `wrap` / `unwrap`: symmetric AEAD under a derived key (used for private keys at rest).
- `derive_key`: Argon2id, always run in a worker thread so the event loop never blocks.
- `subkey`: a separate 32-byte key per job from one configured server secret (HKDF);
  `key_from_key` does the same from a key (a case's entry key from its private key).
- `mac` / `mac_valid`: HMAC-SHA256, compared in constant time.
- receipts: 80-bit secrets in Crockford base32 (XXXX-XXXX-XXXX-XXXX), typeable on a phone.
"""

from __future__ import annotations

import asyncio
import hashlib
import heapq
import hmac
import itertools
import os
import secrets
import threading
import weakref
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import IntEnum

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEAL_VERSION = 1
WRAP_VERSION = 1
_KEY_LEN = 32
_NONCE_LEN = 12
_RAW = serialization.Encoding.Raw


class CryptoError(Exception):
    """A blob did not open: wrong key, tampered data, or a blob moved to another place."""


@dataclass(frozen=True)
class Argon2Cost:
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4


@dataclass(frozen=True)
class KeyPair:
    private: bytes
    public: bytes


def generate_keypair() -> KeyPair:
    private = X25519PrivateKey.generate()
    return KeyPair(
        private=private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
        public=private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw),
    )


def public_key_of(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _associated_data(version: int, scope: str, purpose: str) -> bytes:
    # Length-prefixed so ("ab", "c") and ("a", "bc") never collide.
    scope_bytes, purpose_bytes = scope.encode(), purpose.encode()
    return (
        bytes([version])
        + len(scope_bytes).to_bytes(2, "big")
        + scope_bytes
        + len(purpose_bytes).to_bytes(2, "big")
        + purpose_bytes
    )


def _seal_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY_LEN,
        salt=ephemeral_public + recipient_public,
        info=b"adal/seal/v1",
    ).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes, *, scope: str, purpose: str) -> bytes:
    """Encrypt to a public key. Layout: version | ephemeral public key | nonce | ciphertext."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    key = _seal_key(shared, ephemeral_public, recipient_public)
    nonce = secrets.token_bytes(_NONCE_LEN)
    aad = _associated_data(SEAL_VERSION, scope, purpose)
    return bytes([SEAL_VERSION]) + ephemeral_public + nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def unseal(recipient_private: bytes, blob: bytes, *, scope: str, purpose: str) -> bytes:
    if len(blob) < 1 + 32 + _NONCE_LEN + 16 or blob[0] != SEAL_VERSION:
        raise CryptoError("unsupported or truncated sealed blob")
    ephemeral_public, nonce, body = blob[1:33], blob[33 : 33 + _NONCE_LEN], blob[33 + _NONCE_LEN :]
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient_public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _seal_key(shared, ephemeral_public, recipient_public)
        return ChaCha20Poly1305(key).decrypt(nonce, body, _associated_data(SEAL_VERSION, scope, purpose))
    except (InvalidTag, ValueError):
        raise CryptoError("sealed blob did not open") from None


def wrap(key: bytes, plaintext: bytes, *, purpose: str) -> bytes:
    """Symmetric AEAD. Layout: version | nonce | ciphertext."""
    nonce = secrets.token_bytes(_NONCE_LEN)
    aad = _associated_data(WRAP_VERSION, "wrap", purpose)
    return bytes([WRAP_VERSION]) + nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def unwrap(key: bytes, blob: bytes, *, purpose: str) -> bytes:
    if len(blob) < 1 + _NONCE_LEN + 16 or blob[0] != WRAP_VERSION:
        raise CryptoError("unsupported or truncated wrapped blob")
    try:
        aad = _associated_data(WRAP_VERSION, "wrap", purpose)
        return ChaCha20Poly1305(key).decrypt(blob[1 : 1 + _NONCE_LEN], blob[1 + _NONCE_LEN :], aad)
    except InvalidTag:
        raise CryptoError("wrapped blob did not open") from None


def derive_key_sync(secret: str, salt: bytes, cost: Argon2Cost) -> bytes:
    return Argon2id(
        salt=salt,
        length=_KEY_LEN,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    ).derive(secret.encode("utf-8"))


# Argon2id runs in one thread of its own, one derivation at a time. Two reasons, both measured:
# - with lanes > 1 (the default is 4), two derivations at once in two threads never finish: they
#   deadlock inside cryptography/OpenSSL (cryptography 50.0.2 / OpenSSL 4.0.3, seen with 64 MiB and
#   lanes=4; lanes=1 does not hang), and six at once raised MemoryError
#   (tests/test_crypto.py::test_concurrent_derivations_finish guards this);
# - a burst of unlocks then queues here instead of taking every core from the event loop
#   (benchmarks/bench_loop.py), and at most one derivation's memory (64 MiB) is in use.
# One derivation takes ~0.15 s at the default cost: about 6 unlocks or receipt checks a second.
# The queue in front of the thread (_KdfQueue) orders them by Priority, and refuses new receipt
# checks and filings when 32 of them wait already (some 5 s of work), so a flood of reports can
# neither starve an officer's unlock nor grow memory without bound.
# The thread also runs at background priority (nice +10, Linux: a thread has its own nice value):
# on a busy machine the event loop, which answers everyone else, gets the CPU first, and an
# unlock waits a little longer instead (benchmarks/bench_loop.py).
KDF_NICENESS = 10


def _background_priority() -> None:
    try:
        thread = threading.get_native_id()  # starts at the process's niceness; go 10 lower
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + KDF_NICENESS))
    except (AttributeError, OSError):  # not Linux, or not permitted: normal priority, still correct
        pass


_KDF_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argon2id", initializer=_background_priority)


class Priority(IntEnum):
    """Who waits for a derivation. The lower value goes first: an officer unlocking (with cases
    waiting on them) is never kept behind a burst of new reports."""

    STAFF = 0  # enrolling, unlocking, recovering
    RECEIPT = 1  # a reporter opening their case with the receipt
    FILING = 2  # the two derivations of a new report's receipt


class KdfBusy(Exception):
    """Too many derivations of this priority are waiting already: the caller says "try again"."""


# How many may wait at each priority before new ones are refused (staff are few: no limit).
WAITING_LIMIT = {Priority.RECEIPT: 32, Priority.FILING: 32}


class _KdfQueue:
    """One worker feeds the single Argon2id thread from a priority heap (first in, first out
    within a priority). One per event loop."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, asyncio.Future[bytes], tuple[str, bytes, Argon2Cost]]] = []
        self._order = itertools.count()
        self._waiting: Counter[int] = Counter()
        self._worker: asyncio.Task[None] | None = None

    def waiting(self, priority: Priority) -> int:
        return self._waiting[priority]

    async def derive(self, secret: str, salt: bytes, cost: Argon2Cost, priority: Priority) -> bytes:
        limit = WAITING_LIMIT.get(priority)
        if limit is not None and self._waiting[priority] >= limit:
            raise KdfBusy()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bytes] = loop.create_future()
        heapq.heappush(self._heap, (int(priority), next(self._order), future, (secret, salt, cost)))
        self._waiting[priority] += 1
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._work(), name="argon2id-queue")
        return await future

    async def _work(self) -> None:
        loop = asyncio.get_running_loop()
        while self._heap:
            priority, _, future, arguments = heapq.heappop(self._heap)
            self._waiting[priority] -= 1
            if future.done():  # its caller gave up (cancelled)
                continue
            try:
                result = await loop.run_in_executor(_KDF_POOL, derive_key_sync, *arguments)
            except Exception as error:  # noqa: BLE001 - handed to the caller
                if not future.done():
                    future.set_exception(error)
                continue
            if not future.done():
                future.set_result(result)


_QUEUES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _KdfQueue] = weakref.WeakKeyDictionary()


def kdf_queue() -> _KdfQueue:
    loop = asyncio.get_running_loop()
    queue = _QUEUES.get(loop)
    if queue is None:
        queue = _QUEUES[loop] = _KdfQueue()
    return queue


async def derive_key(secret: str, salt: bytes, cost: Argon2Cost, priority: Priority = Priority.STAFF) -> bytes:
    """Argon2id in the KDF thread, by priority: it costs ~0.15 s at the default cost and must
    not block the event loop. Raises KdfBusy when too many of `priority` wait already."""
    return await kdf_queue().derive(secret, salt, cost, priority)


def subkey(secret: str, label: str) -> bytes:
    """A key for one job (say, encrypting drafts in Redis) derived from a configured secret, so
    one secret in the config never serves two purposes directly."""
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_LEN, salt=None, info=f"adal/{label}/v1".encode()).derive(
        secret.encode("utf-8"))


def key_from_key(key: bytes, label: str) -> bytes:
    """A key for one job derived from another key (say, a case's entry key from its private key)."""
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_LEN, salt=None, info=f"adal/{label}/v1".encode()).derive(key)


def mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def mac_valid(key: bytes, message: bytes, tag: bytes | None) -> bool:
    return tag is not None and hmac.compare_digest(mac(key, message), tag)


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def pseudonym(secret_key: str, label: str, value: int | str) -> str:
    """Keyed hash of an identifier (e.g. a Telegram user id); the id itself is never stored."""
    message = f"{label}:{value}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


# --- receipts -----------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
RECEIPT_CHARS = 16  # 16 x 5 bits = 80 bits
# The lookup tag's salt must be computable without the mailbox (it finds the mailbox), so it is
# one per deployment: random, made when the deployment is first started and kept in the database
# (bot/services/deployment.py). A table precomputed for one deployment is useless for another.
# Deployments whose receipts predate that kept this constant.
LEGACY_RECEIPT_TAG_SALT = b"adal/receipt-tag/v1"


def _random_code(length: int) -> str:
    chars = "".join(secrets.choice(CROCKFORD) for _ in range(length))
    return "-".join(chars[i : i + 4] for i in range(0, length, 4))


def _normalize_code(text: str, length: int) -> str | None:
    """Accept lower case, spaces, dashes and the usual O/0, I/L/1 confusions. None if invalid."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -_\u2010\u2011\u2013\u2014")
    cleaned = cleaned.translate(_CROCKFORD_ALIASES)
    if len(cleaned) != length or any(ch not in CROCKFORD for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, length, 4))


def new_receipt() -> str:
    return _random_code(RECEIPT_CHARS)


def normalize_receipt(text: str) -> str | None:
    return _normalize_code(text, RECEIPT_CHARS)


async def receipt_tag(receipt: str, cost: Argon2Cost, deployment_salt: bytes,
                      priority: Priority = Priority.RECEIPT) -> bytes:
    """The database lookup tag. A different salt from the key derivation: neither reveals the other."""
    return await derive_key(receipt, deployment_salt, cost, priority)


async def receipt_key(receipt: str, salt: bytes, cost: Argon2Cost, priority: Priority = Priority.RECEIPT) -> bytes:
    return await derive_key(receipt, salt, cost, priority)


RECOVERY_KEY_CHARS = 24  # 120 bits


def new_recovery_key() -> str:
    return _random_code(RECOVERY_KEY_CHARS)


def normalize_recovery_key(text: str) -> str | None:
    return _normalize_code(text, RECOVERY_KEY_CHARS)
