"""Plain-Python helpers of the addon, kept apart from the ORM."""

from .arguments import checked_args
