"""The demo and local development: SQLite, e-mail to var/mail, a real huey worker."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
