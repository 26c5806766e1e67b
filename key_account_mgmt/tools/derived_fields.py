"""Computed and related fields are the server's, not a client's.

Odoo's ``write`` and ``create`` store a value sent for a stored computed or related
field (and write a related field through to its target), whatever the view's
``readonly`` says. :func:`check_derived_fields` refuses such values for every
caller but the superuser (the server's own flows), naming the fields by their label.
A computed field the user really edits is declared ``readonly=False`` and validated
by its model.
"""

from odoo.exceptions import UserError

# Odoo's mail and activity fields manage themselves.
_OWN_PREFIXES = ("message_", "activity_", "website_message", "rating_", "has_message")


def derived_fields(model, vals):
    """The names in ``vals`` of computed or related fields a client may not write."""
    names = []
    for fname in vals:
        field = model._fields.get(fname)
        if (
            field is not None
            and field.compute
            and field.readonly
            and not field.inverse
            and not fname.startswith(_OWN_PREFIXES)
        ):
            names.append(fname)
    return names


def check_derived_fields(model, vals_list):
    """Raise a ``UserError`` when ``vals_list`` writes a derived field (not as superuser)."""
    if model.env.su:
        return
    names = sorted({fname for vals in vals_list for fname in derived_fields(model, vals)})
    if names:
        labels = [model._fields[fname].get_description(model.env)["string"] for fname in names]
        raise UserError(
            model.env._(
                "%(fields)s: computed from the other data of the %(kind)s; it cannot be written.",
                fields=", ".join(labels),
                kind=model.env["ir.model"]._get(model._name).name,
            )
        )
