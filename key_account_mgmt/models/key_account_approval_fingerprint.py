from odoo import fields, models


class KeyAccountApproval(models.Model):
    """What a step approves: the document's fingerprint when the step was created and when
    it was decided (see ``sale.order._approval_fingerprint``)."""

    _inherit = "key.account.approval"

    # Written by the engine only (under sudo, when the chain is requested and on each
    # decision); nobody reads it over RPC, so nobody learns or forges it there.
    fingerprint = fields.Json(
        "Approved Figures",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The document's figures (customer, pricelist, currency, lines, amount) this "
        "step was requested for and decided on; confirmation compares the document to it.",
    )
