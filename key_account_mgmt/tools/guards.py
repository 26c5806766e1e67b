"""Guards that a JSON-RPC client cannot lift.

* :data:`ACTION_SENTINEL`: the value the addon's own actions put under their context key
  (the state machine's ``key_account_transition``, see
  ``models/key_account_state_machine.py``) before writing the fields they alone may
  write.  ``write()`` compares with ``is``: a client can send the key, but no JSON
  payload produces this Python object (the pattern of OCA queue_job's
  ``EDIT_SENTINEL``).
* :func:`check_finite_numbers`: not-a-number and infinity in a number field.
"""

import math

from odoo.exceptions import ValidationError

ACTION_SENTINEL = object()


def is_action(env, key):
    """Whether ``env`` runs inside the addon's own action that set ``key``."""
    return env.context.get(key) is ACTION_SENTINEL


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
