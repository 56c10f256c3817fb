"""The participants' blueprint: children, young people, parents and carers.

Everything here is in the participant's language and works without JavaScript.
"""

from flask import Blueprint

blueprint = Blueprint("participate", __name__)

from portal.participate import (  # noqa: E402, F401  (routes register on import)
    attachment_views,
    consultation_views,
    secret_views,
    views,
)
