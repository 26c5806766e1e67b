"""Stored computed and related fields are not writable over RPC.

A stored computed field without inverse (or a readonly related field) holds a
figure the application derives: an approval state, an order total, a visit
date, an account manager.  Odoo's ORM still lets ``create``/``write`` set it,
and the value then stays until the next recomputation, so any RPC client could
forge it.  This override refuses such a value from any caller that is not the
superuser environment, for:

- every field of the addon's own models (``key.account.*``),
- every field the addon adds to Odoo's models (res.partner, sale.order, ...),
- the Odoo fields a model lists in ``_kam_guarded_extra`` (sale.order's
  amounts, which decide the approval band).

Fields the user deliberately edits (``readonly=False`` computes, precomputed
defaults, fields with an inverse) are not guarded: their own constraints
validate them.  The addon's own code that legitimately sets a guarded field
does so in its superuser environment (``sudo()``, with a comment).

The guarded names are computed once per model when the registry sets it up
(a frozenset on the registry class), so ``create``/``write`` cost one set
intersection and no query.
"""

from odoo import api, models
from odoo.exceptions import AccessError

MODULE = "key_account_mgmt"


def is_guarded(model_cls, field):
    """Whether ``field`` (of the model whose registry class is ``model_cls``)
    holds a derived value no one may set over RPC."""
    if not field.store or field.inverse or not field.readonly:
        return False
    if not (field.compute or field.related):
        return False
    return (
        model_cls._original_module == MODULE
        or MODULE in (field._modules or ())
        or field.name in model_cls._kam_guarded_extra
    )


class Base(models.AbstractModel):
    _inherit = "base"

    # Odoo fields (not the addon's) that a model guards too (sale.order's amounts)
    _kam_guarded_extra = ()
    # the guarded field names, set on each registry class by _setup_complete
    _kam_guarded_fields = frozenset()

    @api.model
    def _setup_complete(self):
        res = super()._setup_complete()
        cls = self.env.registry[self._name]
        cls._kam_guarded_fields = frozenset(
            name for name, field in cls._fields.items() if is_guarded(cls, field)
        )
        return res

    def _kam_guarded_hint(self, field_names):
        """What the refused derived fields are derived from, for the error (model hook)."""
        return ""

    def _kam_check_guarded_fields(self, field_names):
        """Refuse a value for a derived field (see the module docstring)."""
        if self.env.su:
            return
        guarded = self._kam_guarded_fields.intersection(field_names)
        if guarded:
            field = self._fields[min(guarded)]
            message = self.env._(
                "The field “%(field)s” of %(model)s is computed by the application and "
                "cannot be set directly; change the data it is computed from instead.",
                field=field._description_string(self.env),
                # the model's translated label only (a portal user may not read ir.model)
                model=self.env["ir.model"]._get(self._name).sudo().name or self._name,
            )
            hint = self._kam_guarded_hint(guarded)
            raise AccessError(f"{message} {hint}" if hint else message)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self._kam_guarded_fields:
            for vals in vals_list:
                self._kam_check_guarded_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._kam_guarded_fields:
            self._kam_check_guarded_fields(vals)
        return super().write(vals)
