"""Staff accounts: Argon2id passwords, TOTP second factor, lock-outs.

Sign-in checks the password and the code together at the end, so a failure never says which of
the two was wrong, and an address that has no account fails the same way as one that has.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import or_, select, update

from portal import audit
from portal.extensions import db
from portal.models import Organisation, Role, StaffUser
from portal.models.base import utcnow

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


def is_locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


@dataclass(frozen=True)
class SignInAttempt:
    user: StaffUser | None
    password_ok: bool


def complete_sign_in(attempt: SignInAttempt, code: str) -> StaffUser | None:
    """Check the code against the account the password step found. Commits; audits both ways."""
    now = utcnow()
    user = attempt.user
    if user is None:
        audit.record("staff.sign_in_failed", organisation_id=None, reason="unknown_account")
        db.session.commit()
        return None
    reason = None
    if not user.active:
        reason = "inactive"
    elif is_locked(user, now):
        reason = "locked"
    elif not attempt.password_ok:
        reason = "password"
    elif not user.totp_secret or not accept_totp_code(user, user.totp_secret, code, now):
        reason = "code"
    if reason:
        register_failure(user, now, reason)
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    audit.record("staff.sign_in", organisation_id=user.organisation_id, staff=user)
    db.session.commit()
    return user


def register_failure(user: StaffUser, now: datetime, reason: str) -> None:
    config = current_app.config
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= config["SIGN_IN_LOCKOUT_AFTER"]:
        user.locked_until = now + config["SIGN_IN_LOCKOUT"]
        user.failed_sign_ins = 0
    audit.record(
        "staff.sign_in_failed", organisation_id=user.organisation_id, staff=user, reason=reason
    )
    db.session.commit()


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


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
            return claimed.rowcount == 1
    return False


def enrol_totp(user: StaffUser, secret: str, code: str) -> bool:
    """Save the second factor if the first code from the new authenticator is right."""
    if not accept_totp_code(user, secret, code, utcnow()):
        return False
    user.totp_secret = secret
    audit.record("staff.totp_enrolled", organisation_id=user.organisation_id, staff=user)
    db.session.commit()
    return True


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 256:
        return "Use 256 characters or fewer"
    return None


def create_staff(
    organisation: Organisation,
    *,
    name: str,
    email: str,
    role: Role,
    password: str,
    totp_secret: str | None = None,
) -> StaffUser:
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    user = StaffUser(
        organisation=organisation,
        name=name.strip(),
        email=normalise_email(email),
        role=role,
        password_hash=hash_password(password),
        totp_secret=totp_secret,
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
