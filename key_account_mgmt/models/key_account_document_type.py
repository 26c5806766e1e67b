from odoo import fields, models


class KeyAccountDocumentType(models.Model):
    """A document the office must provide with a qualification application (seed 003 §三.1)."""

    _name = "key.account.document.type"
    _description = "Key Account Application Document Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    mandatory = fields.Boolean(default=True)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The document type code must be unique."),
    ]
