"""The explicit "lost" state of a key account (issue 13: churn), as a development stage.

A key account whose stage is Lost counts as lost in the churn rate whatever its invoices;
the stage is an archive field, so only the account team changes it (res_partner.py).
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    key_account_stage = fields.Selection(
        selection_add=[("lost", "8. Lost")], ondelete={"lost": "set null"}
    )
