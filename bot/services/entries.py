"""Case entries that only a holder of the case key could have written.

The server holds every case's public key, so sealing alone proves nothing about who wrote an
entry: anyone who can write the database could seal a fake "staff reply" asking the reporter
for their name, or relabel an internal note as a reply. So every entry carries a tag, an
HMAC under the case's *entry key*, which is derived from the case's private key: the reporter
(through their receipt) and the staff who were given the case hold it, the server never does.

The tag covers the case, the entry's id, its kind, its author, its detail, its time and a hash
of its sealed content; the sealed content's associated data binds the id, kind and author as
well. So an entry moved to another case, relabelled, re-dated, re-attributed or written with
the public key alone fails to verify, and readers are shown a warning in its place.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from storage import crypto
from storage.models import Case, CaseItem, random_row_id

PURPOSE_REPORT = "report"
PURPOSE_ATTACHMENT = "attachment"
PURPOSE_MESSAGE = "message"  # replies, reporter messages, notes, closing comments
PURPOSE_CASE_KEY = "case-key"
_TAG_VERSION = 1


def case_scope(case_id: int) -> str:
    return f"case:{case_id}"


def entry_key(case_private: bytes) -> bytes:
    """The key that writes and verifies a case's entries; whoever can read the case holds it."""
    return crypto.key_from_key(case_private, "case-entries")


def _purpose(item: CaseItem) -> str:
    base = {"report": PURPOSE_REPORT, "attachment": PURPOSE_ATTACHMENT}.get(item.kind, PURPOSE_MESSAGE)
    return f"{base}|{item.id}|{item.kind}|{item.author}"


def _tagged_fields(item: CaseItem) -> bytes:
    return json.dumps([
        _TAG_VERSION, item.case_id, item.id, item.kind, item.author, item.detail,
        item.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        hashlib.sha256(item.sealed).hexdigest() if item.sealed is not None else None,
    ], separators=(",", ":")).encode()


def new_entry(case: Case, key: bytes, *, kind: str, author: str, at: datetime, body: bytes | None = None,
              detail: str | None = None) -> CaseItem:
    """A timeline entry sealed to the case and tagged under its entry key (not yet added)."""
    item = CaseItem(id=random_row_id(), org_id=case.org_id, case_id=case.id, kind=kind, author=author,
                    created_at=at, detail=detail)
    if body is not None:
        item.sealed = crypto.seal(case.public_key, body, scope=case_scope(case.id), purpose=_purpose(item))
    item.tag = crypto.mac(key, _tagged_fields(item))
    return item


def is_genuine(key: bytes, item: CaseItem) -> bool:
    return crypto.mac_valid(key, _tagged_fields(item), item.tag)


def open_entry(case_private: bytes, item: CaseItem) -> bytes:
    """The plaintext of a genuine entry (check `is_genuine` first)."""
    return crypto.unseal(case_private, item.sealed, scope=case_scope(item.case_id), purpose=_purpose(item))
