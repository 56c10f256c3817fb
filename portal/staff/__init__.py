"""The staff blueprint: sign-in, caseloads, children, reviews, invitations, administration.

Every route but sign-in needs a signed-in member of staff; `roles_required` says which roles.
"""

from flask import Blueprint

blueprint = Blueprint("staff", __name__)

from portal.staff import (  # noqa: E402, F401  (routes register on import)
    admin_views,
    auth_views,
    feedback_views,
    letter_views,
    lifecycle_views,
    pack_views,
    report_views,
    request_views,
    review_views,
    transfer_views,
)
