"""Staff accounts: Argon2id passwords, TOTP second factor, lock-outs.

Sign-in checks the password and the code together at the end, so a failure never says which of
the two was wrong, and an address that has no account fails the same way as one that has.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import case, or_, select, type_coerce, update
from zxcvbn import zxcvbn

from portal import audit, database
from portal.extensions import db
from portal.models import Organisation, Role, StaffUser
from portal.models.base import UTCDateTime, utcnow

MIN_PASSWORD_LENGTH = 12
TOTP_ISSUER = "Review participation portal"


def password_hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("password_hasher")
    if hasher is None:
        config = current_app.config
        hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_COST"],
            parallelism=config["ARGON2_PARALLELISM"],
        )
        current_app.extensions["password_hasher"] = hasher
    return hasher


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def _dummy_hash() -> str:
    # Verifying against a real hash for unknown addresses keeps the timing the same.
    dummy = current_app.extensions.get("dummy_password_hash")
    if dummy is None:
        dummy = current_app.extensions["dummy_password_hash"] = hash_password("not-a-password")
    return dummy


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> StaffUser | None:
    return db.session.execute(
        select(StaffUser).where(StaffUser.email == normalise_email(email))
    ).scalar_one_or_none()


def check_password(email: str, password: str) -> tuple[StaffUser | None, bool]:
    """(the account for this address if any, whether the password is right for it)."""
    user = find_by_email(email)
    try:
        password_hasher().verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return user, False
    if user is None:
        return None, False
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user, True


@dataclass(frozen=True)
class SignInAttempt:
    user: StaffUser | None
    password_ok: bool


def claim_a_try(user: StaffUser, now: datetime) -> bool:
    """Count this sign-in try *before* judging it, in one atomic UPDATE committed at once, so
    tries made at the same moment (from any number of addresses) are all counted. The try that
    reaches the limit locks the account. False, without counting, if it is locked already."""
    config = current_app.config
    reached = StaffUser.failed_sign_ins + 1 >= config["SIGN_IN_LOCKOUT_AFTER"]
    claimed = db.session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now),
        )
        .values(
            failed_sign_ins=case((reached, 0), else_=StaffUser.failed_sign_ins + 1),
            locked_until=case(
                (reached, type_coerce(now + config["SIGN_IN_LOCKOUT"], UTCDateTime)), else_=None
            ),
        )
        .returning(StaffUser.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    db.session.refresh(user)
    return claimed is not None


def _judged_right(user: StaffUser) -> None:
    """A try that was counted turned out right: it, and the lock it may have set, are undone."""
    db.session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(failed_sign_ins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    audit.record("staff.sign_in", organisation_id=user.organisation_id, staff=user)
    db.session.commit()
    db.session.refresh(user)


def _judged_wrong(user: StaffUser | None, reason: str) -> None:
    audit.record(
        "staff.sign_in_failed",
        organisation_id=user.organisation_id if user else None,
        staff=user,
        reason=reason,
    )
    db.session.commit()


def _counted_account(attempt: SignInAttempt, now: datetime) -> StaffUser | None:
    """The attempt's account with this try counted, or None (judged wrong) when there is no
    such account or it is locked."""
    user = attempt.user
    if user is None:
        _judged_wrong(None, "unknown_account")
        return None
    if not claim_a_try(user, now):
        _judged_wrong(user, "locked")
        return None
    return user


def complete_sign_in(attempt: SignInAttempt, code: str) -> StaffUser | None:
    """Check the code against the account the password step found. Commits; audits both ways."""
    now = utcnow()
    user = _counted_account(attempt, now)
    if user is None:
        return None
    reason = None
    if not user.active:
        reason = "inactive"
    elif not attempt.password_ok:
        reason = "password"
    elif not user.totp_secret or not accept_totp_code(user, user.totp_secret, code, now):
        reason = "code"
    if reason:
        _judged_wrong(user, reason)
        return None
    _judged_right(user)
    return user


def enrol_totp(attempt: SignInAttempt, secret: str, code: str) -> StaffUser | None:
    """The first code from a new authenticator: judged like a sign-in (counted, one verdict
    whatever was wrong), and on success the second factor is saved. Someone whose password was
    wrong, or whose account already has an authenticator, is shown a decoy secret instead of
    the real thing, so this step says nothing either; their code can never be right."""
    now = utcnow()
    user = _counted_account(attempt, now)
    if user is None:
        return None
    if not (user.active and attempt.password_ok and user.totp_secret is None):
        _judged_wrong(user, "enrol_not_allowed")
        return None
    if not accept_totp_code(user, secret, code, now):
        _judged_wrong(user, "code")
        return None
    user.totp_secret = secret
    audit.record("staff.totp_enrolled", organisation_id=user.organisation_id, staff=user)
    _judged_right(user)
    return user


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)


def accept_totp_code(user: StaffUser, secret: str, code: str, now: datetime) -> bool:
    """True if `code` is valid now (±30 s) and no code of this or a later step was used.

    The step is claimed with a conditional UPDATE, so two instances racing with the same code
    cannot both accept it.
    """
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            claimed = db.session.execute(
                update(StaffUser)
                .where(
                    StaffUser.id == user.id,
                    or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step),
                )
                .values(totp_last_step=step)
                .execution_options(synchronize_session="fetch")
            )
            return database.rowcount(claimed) == 1
    return False


# zxcvbn is slow on long inputs and gains nothing past this many characters.
STRENGTH_CHECKED_CHARACTERS = 100
MIN_STRENGTH = 3  # zxcvbn's 0-4 scale: 3 is "safely unguessable" (about 10^8 guesses or more)


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
    """Why a new password is not good enough, or None. At least 12 characters, and not common
    or easy to guess (zxcvbn: its lists of common passwords, names and words, repeats,
    sequences and keyboard patterns, and the person's own name and email address)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 256:
        return "Use 256 characters or fewer"
    # Each word of their name and both halves of their email address count as guessable.
    words = [word for part in personal for word in re.split(r"[\s@.]+", part.lower()) if word]
    verdict = zxcvbn(password[:STRENGTH_CHECKED_CHARACTERS], user_inputs=words)
    if verdict["score"] < MIN_STRENGTH:
        warning = verdict["feedback"].get("warning") or "This password is too easy to guess."
        return f"{warning.rstrip('.')}. Choose a longer password that others would not guess, such as several unrelated words."
    return None


def change_password(user: StaffUser, current: str, new: str) -> str | None:
    """Set a new password the user chose; the reason it was refused, or None."""
    try:
        password_hasher().verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        return "Your current password is not right"
    if new == current:
        return "Choose a password different from your current one"
    problem = password_problem(new, personal=(user.name, user.email))
    if problem:
        return problem
    user.password_hash = hash_password(new)
    user.password_change_required = False
    audit.record("staff.password_changed", organisation_id=user.organisation_id, staff=user)
    db.session.commit()
    return None


def create_staff(
    organisation: Organisation,
    *,
    name: str,
    email: str,
    role: Role,
    password: str,
    totp_secret: str | None = None,
    change_required: bool = False,
) -> StaffUser:
    """`change_required` when someone other than the person chose the password."""
    problem = password_problem(password, personal=(name, email))
    if problem:
        raise ValueError(problem)
    user = StaffUser(
        organisation=organisation,
        name=name.strip(),
        email=normalise_email(email),
        role=role,
        password_hash=hash_password(password),
        totp_secret=totp_secret,
        password_change_required=change_required,
    )
    db.session.add(user)
    return user


def set_active(user: StaffUser, active: bool, *, by: StaffUser) -> None:
    """Deactivating also ends every session: flask-login reloads the user on each request and
    refuses an inactive one."""
    user.active = active
    audit.record(
        "staff.activate" if active else "staff.deactivate",
        organisation_id=user.organisation_id,
        staff=by,
        subject=user,
    )
    db.session.commit()


def reset_second_factor(user: StaffUser, *, by: StaffUser) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    audit.record(
        "staff.reset_security_code", organisation_id=user.organisation_id, staff=by, subject=user
    )
    db.session.commit()
