"""Flask extensions, created once here and bound to the app in `create_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from portal.models.base import Base

db = SQLAlchemy(model_class=Base)
# Batch mode lets Alembic alter tables on SQLite; compare_type catches column type changes.
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are declared per route; the storage is shared (Redis) in production.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
