"""What makes a passphrase acceptable, and the one form in which it is derived.

A passphrase protects an officer's or Board member's private key against whoever holds the
database: it is the only thing between a dump and every case they can read. So:
- it is normalised to Unicode NFC before any derivation: the same words typed on two phones (one
  composing "й" as one code point, one as "и" + a combining breve) must give the same key;
- it must resist guessing: zxcvbn (Dropbox's estimator, with its dictionaries of common
  passwords, names and words, keyboard patterns, repetitions, sequences and dates) must score it
  at least GOOD_ENOUGH. zxcvbn knows only Latin keyboards, so text typed on a Russian or Kazakh
  layout is also checked as the Latin keys it was typed on ("йцукен" is "qwerty").
"""

from __future__ import annotations

import unicodedata

from zxcvbn import zxcvbn

GOOD_ENOUGH = 3  # zxcvbn's "safely unguessable: moderate protection from offline slow-hash attack"
_CHECKED_CHARS = 100  # zxcvbn's cost grows with length; the first 100 characters decide

# Russian ЙЦУКЕН (with Kazakh letters on the digit row) to the Latin keys in the same places.
_CYRILLIC_KEYS = str.maketrans(
    "йцукенгшщзхъфывапролджэячсмитьбюёәіңғүұқөһ",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,.`234567890")


def normalize(passphrase: str) -> str:
    return unicodedata.normalize("NFC", passphrase)


def is_strong(passphrase: str, *, min_length: int, context: tuple[str, ...] = ()) -> bool:
    """True if long enough and not guessable. `context`: words an attacker would try first
    (the organization's name, the person's own name)."""
    text = normalize(passphrase)
    if len(text) < min_length or len(set(text)) < 5:
        return False
    inputs = [word for phrase in context for word in phrase.lower().split() if word]
    candidates = {text[:_CHECKED_CHARS], text.lower().translate(_CYRILLIC_KEYS)[:_CHECKED_CHARS]}
    return all(zxcvbn(candidate, user_inputs=inputs)["score"] >= GOOD_ENOUGH for candidate in candidates)
