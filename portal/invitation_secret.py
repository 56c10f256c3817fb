"""A young person's short secret, so that someone who finds their link cannot read what they
wrote: a number (PIN), or three pictures in order for younger children.

Five wrong tries in a row earn a pause; ten lock it until their IRO resets it. A forgotten
secret is never reset through the link itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, or_, type_coerce, update

from portal import accounts, audit
from portal.extensions import db
from portal.models import Invitation, ParticipantRole, Role, SecretKind, StaffUser
from portal.models.base import UTCDateTime, utcnow

PAUSE_AFTER = 5
LOCK_AFTER = 10
PAUSE = timedelta(minutes=15)
PIN_LENGTHS = range(4, 7)
PICTURE_COUNT = 3
PICTURES = {
    "dog": ("🐶", _l("Dog")),
    "cat": ("🐱", _l("Cat")),
    "rabbit": ("🐰", _l("Rabbit")),
    "fox": ("🦊", _l("Fox")),
    "bear": ("🐻", _l("Bear")),
    "panda": ("🐼", _l("Panda")),
    "frog": ("🐸", _l("Frog")),
    "lion": ("🦁", _l("Lion")),
    "owl": ("🦉", _l("Owl")),
}
# Numbers anyone would try first.
OBVIOUS_PINS = {"1234", "12345", "123456", "4321", "654321", "0000", "1111", "2580"}


def needs_secret(invitation: Invitation) -> bool:
    return invitation.role is ParticipantRole.CHILD


def has_secret(invitation: Invitation) -> bool:
    return invitation.secret_hash is not None


def pin_problem(pin: str) -> str | None:
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        return str(_l("Use 4, 5 or 6 numbers"))
    if pin in OBVIOUS_PINS or len(set(pin)) == 1:
        return str(_l("Choose numbers that are harder to guess"))
    return None


def pictures_value(choices: list[str]) -> str | None:
    if len(choices) != PICTURE_COUNT or any(choice not in PICTURES for choice in choices):
        return None
    return "-".join(choices)


def choose(invitation: Invitation, kind: SecretKind, value: str) -> None:
    invitation.secret_kind = kind
    invitation.secret_hash = accounts.hash_password(f"{kind.value}:{value}")
    invitation.secret_failures = 0
    invitation.secret_paused_until = None
    db.session.commit()


@dataclass(frozen=True)
class SecretCheck:
    ok: bool
    paused_until: datetime | None = None
    locked: bool = False
    tries_left: int = PAUSE_AFTER  # before the next pause
    before_lock: int = LOCK_AFTER  # tries left before only their IRO can open it again

    @property
    def locks_next(self) -> bool:
        """The lock, not another pause, comes next (once this pause is over, if paused): the
        young person is warned of it."""
        tries = self.tries_left if self.paused_until is None else PAUSE_AFTER
        return self.before_lock <= tries

    @property
    def try_again_at(self) -> datetime | None:
        """The pause's end, rounded up to the minute: a time shown without seconds must not
        send them back while it is still paused."""
        if self.paused_until is None:
            return None
        whole = self.paused_until.replace(second=0, microsecond=0)
        return whole if whole == self.paused_until else whole + timedelta(minutes=1)


def _check_of(failures: int, paused_until: datetime | None, now: datetime) -> SecretCheck:
    if failures >= LOCK_AFTER:
        return SecretCheck(ok=False, locked=True, tries_left=0, before_lock=0)
    before_lock = LOCK_AFTER - failures
    if paused_until and paused_until > now:
        return SecretCheck(
            ok=False, paused_until=paused_until, tries_left=0, before_lock=before_lock
        )
    tries_left = PAUSE_AFTER - failures % PAUSE_AFTER
    return SecretCheck(ok=False, tries_left=tries_left, before_lock=before_lock)


def status(invitation: Invitation, now: datetime) -> SecretCheck:
    return _check_of(invitation.secret_failures, invitation.secret_paused_until, now)


def _claim_a_try(invitation: Invitation, now: datetime) -> int | None:
    """Count this try *before* checking it, in one atomic UPDATE, and commit: however many
    guesses arrive at once, each is counted, and none is checked once the pause has begun.
    The new count, or None if the secret is paused or locked."""
    failures = Invitation.secret_failures + 1
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.secret_failures < LOCK_AFTER,
            or_(Invitation.secret_paused_until.is_(None), Invitation.secret_paused_until <= now),
        )
        .values(
            secret_failures=failures,
            secret_paused_until=case(
                (failures % PAUSE_AFTER == 0, type_coerce(now + PAUSE, UTCDateTime)),
                else_=None,
            ),
        )
        .returning(Invitation.secret_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    return claimed


def verify(invitation: Invitation, value: str) -> SecretCheck:
    now = utcnow()
    if invitation.secret_hash is None:
        return status(invitation, now)
    failures = _claim_a_try(invitation, now)
    db.session.refresh(invitation)
    if failures is None:
        return status(invitation, now)
    kind = invitation.secret_kind or SecretKind.PIN
    try:
        accounts.password_hasher().verify(invitation.secret_hash, f"{kind.value}:{value}")
    except (VerificationError, InvalidHashError):
        return status(invitation, now)
    # Right: this try (and any counted while it was being checked) no longer counts.
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id)
        .values(secret_failures=0, secret_paused_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(invitation)
    return SecretCheck(ok=True)


def may_reset(user: StaffUser, invitation: Invitation) -> bool:
    """Only the child's own IRO: someone who can reissue the link (a review administrator) must
    not also be able to clear the secret, or together they would open the child's words."""
    return user.role is Role.IRO and invitation.review.child.iro_id == user.id


def reset(invitation: Invitation, *, by: StaffUser) -> None:
    """Their IRO clears the secret; the young person chooses a new one next time, and is told
    who reset it."""
    if not may_reset(by, invitation):
        raise PermissionError("only the child's IRO resets their secret")
    invitation.secret_reset_at = utcnow()
    invitation.secret_reset_by_id = by.id
    invitation.secret_kind = None
    invitation.secret_hash = None
    invitation.secret_failures = 0
    invitation.secret_paused_until = None
    invitation.credential_version += 1  # anyone still inside with the old secret is signed out
    audit.record_for_invitation("invitation.reset_secret", invitation, staff=by)
    db.session.commit()
