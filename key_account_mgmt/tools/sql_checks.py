"""The database's CHECK constraints, read by the client as the error of his own call.

A stored value the database can judge (not negative, within a range) is a
``_sql_constraints`` CHECK, never a hand-written Python check.  The ORM writes it only at
the next flush, and an RPC client then reads the constraint's message as a
``ValidationError`` (``odoo.service.model._as_validation_error``).  So that server code
and tests get the same error at the ``create``/``write`` that wrote the value,
:func:`sql_checks` runs the call in a savepoint, flushes the constrained fields at once
and turns a violated CHECK into that ``ValidationError`` with the constraint's
(translated) message, which names the field.
"""

import logging
import re
import threading
from contextlib import contextmanager

import psycopg2.errors

from odoo.exceptions import ValidationError
from odoo.tools.translate import translate_sql_constraint

_SQL_LOGGER = logging.getLogger("odoo.sql_db")
_CHECKED_FIELDS = {}  # model name -> the stored fields its CHECK constraints read


def _checked_fields(model):
    fnames = _CHECKED_FIELDS.get(model._name)
    if fnames is None:
        definitions = " ".join(
            definition
            for _name, definition, _message in model._sql_constraints
            if definition.lstrip().upper().startswith("CHECK")
        )
        fnames = frozenset(
            fname
            for fname, field in model._fields.items()
            if field.store and field.column_type and re.search(rf"\b{fname}\b", definitions)
        )
        _CHECKED_FIELDS[model._name] = fnames
    return fnames


@contextmanager
def sql_checks(model, fnames):
    """Run a create or write of ``fnames`` on ``model`` in a savepoint; the block calls
    the yielded ``flush(records)`` at its end.  A violated CHECK (at the INSERT or at
    that flush) raises the constraint's message as a ``ValidationError``."""
    checked = _checked_fields(model) & set(fnames)
    if not checked:
        yield lambda records: None
        return
    env = model.env
    # the refused query is the client's error, not the server's: not logged as a bad
    # query (in this thread only; the error itself is raised)
    quiet = _ThisThreadOnly()
    _SQL_LOGGER.addFilter(quiet)
    try:
        with env.cr.savepoint(flush=False):
            yield lambda records: records.flush_recordset(list(checked))
    except psycopg2.errors.CheckViolation as exc:
        # as a flushing savepoint does: the refused values leave the cache (the call fails)
        env.cr.clear()
        name = exc.diag.constraint_name
        message = None
        if name in env.registry._sql_constraints:
            try:
                message = translate_sql_constraint(env.cr, name, env.lang or "en_US")
            except TypeError:  # not registered yet (module being installed)
                message = None
        raise ValidationError(message or exc.diag.message_primary) from None
    finally:
        _SQL_LOGGER.removeFilter(quiet)


class _ThisThreadOnly(logging.Filter):
    """Drop the records of the thread that created the filter."""

    def __init__(self):
        super().__init__()
        self.thread = threading.get_ident()

    def filter(self, record):
        return record.thread != self.thread
