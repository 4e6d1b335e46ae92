"""Domain errors raised by services and translated to localized replies by handlers."""


class ServiceError(Exception):
    """Base class; `key` names the message shown to the user."""

    key = "error-generic"


class ChannelClosed(ServiceError):
    """Nobody who could read this route is enrolled: the report would be sealed into a void."""

    key = "report-channel-closed"


class InviteInvalid(ServiceError):
    key = "invite-invalid"


class InviteExpired(ServiceError):
    key = "invite-expired"


class InviteUsed(ServiceError):
    key = "invite-used"


class AlreadyEnrolled(ServiceError):
    key = "enrol-already"


class WeakPassphrase(ServiceError):
    key = "enrol-passphrase-weak"


class WrongSecret(ServiceError):
    key = "unlock-wrong"


class LockedOut(ServiceError):
    key = "unlock-locked-out"

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left


class NotAllowed(ServiceError):
    """The actor may not do this to this case (or the case does not exist: same answer)."""

    key = "case-not-found"


class SessionLocked(ServiceError):
    key = "officer-locked"


class ServiceBusy(ServiceError):
    """Too many secret derivations wait already; nothing was changed, the caller may try again."""

    key = "service-busy"


def storage_unavailable(error: BaseException) -> bool:
    """The database (locked past its timeout, full, restarting) or Redis did not answer: nothing
    was stored, and the same step can simply be repeated once it answers again."""
    from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError
    from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout

    return isinstance(error, (DBAPIError, PoolTimeout, OSError, RedisConnectionError, RedisTimeoutError))
