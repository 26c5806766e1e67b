"""Guards that a JSON-RPC client cannot lift.

* :data:`ACTION_SENTINEL`: the value an ``action_*`` method puts under its context key
  (``key_account_visit_action``, ``key_account_symposium_action``) before writing the
  fields it alone may write.  ``write()`` compares with ``is``: a client can send the
  key, but no JSON payload produces this Python object (the pattern of OCA queue_job's
  ``EDIT_SENTINEL``).
* :func:`check_derived_not_written`: stored computed and related fields derive from
  other fields; a client writing them directly (``readonly`` is a view attribute only)
  is refused, on ``create`` as on ``write``.
* :func:`check_finite_numbers`: not-a-number and infinity in a number field.
"""

import math

from odoo.exceptions import UserError, ValidationError

ACTION_SENTINEL = object()


def is_action(env, key):
    """Whether ``env`` runs inside the addon's own action that set ``key``."""
    return env.context.get(key) is ACTION_SENTINEL


def derived_fields(model):
    """Names of the stored computed/related fields of ``model`` that have no inverse."""
    return {
        name
        for name, field in model._fields.items()
        if field.store and field.compute and field.readonly and not field.inverse
    }


def check_derived_not_written(model, vals):
    """Refuse ``vals`` that set a stored computed or related field (superuser excepted)."""
    if model.env.su:
        return
    written = sorted(set(vals) & derived_fields(model))
    if written:
        env = model.env
        labels = ", ".join(model._fields[name]._description_string(env) for name in written)
        raise UserError(
            env._(
                "%(fields)s of %(model)s: computed from other fields, never written directly.",
                fields=labels,
                model=model._description,
            )
        )


def check_finite_numbers(model, vals):
    """Refuse not-a-number and infinite values for the number fields in ``vals`` with a
    ``ValidationError`` naming the field (Odoo's rounding would fail on them)."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if (
            field is not None
            and field.type in ("float", "monetary")
            and isinstance(value, float)
            and not math.isfinite(value)
        ):
            raise ValidationError(
                model.env._(
                    "%(field)s: %(value)s is not a number.",
                    field=field._description_string(model.env),
                    value=value,
                )
            )
