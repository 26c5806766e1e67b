"""Clean errors for public methods called with the wrong arguments.

Every public method of the addon can be called over RPC with any positional
and keyword arguments a client sends.  Python's own ``TypeError`` (unknown
keyword, missing argument) or an ``AttributeError`` deep in the method (a
number where text was expected) reach the client as a server error.
:func:`checked_args` turns both into a :class:`~odoo.exceptions.UserError`
that names the argument and what it expects, before the method runs::

    @checked_args
    def action_approval_reject(self, reason: str | None = None):
        ...

The annotations are the contract: ``str``, ``int``, ``float``, ``bool``,
``dict``, ``list`` (and ``X | None``).  Unannotated parameters are only checked
for existence.
"""

import functools
import inspect
import types
import typing

from odoo.exceptions import UserError


def _type_labels(env):
    return {
        str: env._("text"),
        int: env._("a whole number"),
        float: env._("a number"),
        bool: env._("true or false"),
        dict: env._("a dictionary"),
        list: env._("a list"),
    }


def _accepted(annotation):
    """The tuple of types an annotation accepts (``None`` included when optional)."""
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        accepted = ()
        for arg in typing.get_args(annotation):
            accepted += (type(None),) if arg is type(None) else (_accepted(arg) or ())
        return accepted
    if annotation is float:
        return (float, int)
    if annotation in (list, tuple):
        return (list, tuple)
    return (annotation,)


def _matches(value, accepted):
    if isinstance(value, bool) and bool not in accepted:
        return False  # True is an int for Python, not for a client sending a number
    return isinstance(value, accepted)


def _label(env, accepted):
    if float in accepted:
        accepted = tuple(t for t in accepted if t is not int)
    labels = _type_labels(env)
    names = [labels.get(t, t.__name__) for t in accepted if t is not type(None)]
    return " or ".join(dict.fromkeys(names))


def checked_args(method):
    """Refuse unknown, missing or mistyped arguments with a ``UserError``."""
    signature = inspect.signature(method)
    checks = {
        name: accepted
        for name, param in signature.parameters.items()
        if (accepted := _accepted(param.annotation))
    }

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        env = self.env
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:
            params = list(signature.parameters)[1:]
            unknown = [key for key in kwargs if key not in params]
            raise UserError(
                env._(
                    "%(method)s: unknown argument(s) %(unknown)s. Accepted arguments: %(params)s.",
                    method=method.__name__,
                    unknown=", ".join(unknown),
                    params=", ".join(params) or "-",
                )
                if unknown
                else env._(
                    "%(method)s: wrong number of arguments. Accepted arguments: %(params)s.",
                    method=method.__name__,
                    params=", ".join(params) or "-",
                )
            ) from None
        for name, accepted in checks.items():
            if name in bound.arguments and not _matches(bound.arguments[name], accepted):
                raise UserError(
                    env._(
                        "%(method)s: the argument %(arg)s must be %(expected)s, not %(value)s.",
                        method=method.__name__,
                        arg=name,
                        expected=_label(env, accepted),
                        value=repr(bound.arguments[name])[:80],
                    )
                )
        return method(self, *args, **kwargs)

    wrapper._checked_args = True
    return wrapper
