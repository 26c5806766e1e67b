"""Settlement of an annual rebate scheme: the year's credit notes (返利结算).

Owns ``key.account.rebate.settlement`` (draft → done on the addon's state machine) and
its lines, and the mark of rebate credit notes on ``account.move``.  Settling computes
per key account the base (posted customer invoices minus credit notes of the period,
untaxed, company currency, rebate credit notes left out), the rebate from the scheme's
bands (``tools/kpi.py``), deducts what the scheme's earlier credit notes of the period
gave (not cancelled ones) and creates one DRAFT customer credit note per account for
the difference; a second settlement of the same figures creates nothing.
"""

from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import checked_args, kpi
from ..tools.guards import ACTION_SENTINEL, is_action

REBATE_KEY = "key_account_rebate_settlement"


class KeyAccountRebateSettlement(models.Model):
    _name = "key.account.rebate.settlement"
    _inherit = ["mail.thread", "key.account.state.machine"]
    _description = "Key Account Rebate Settlement"
    _order = "id desc"
    _check_company_auto = True

    _TRANSITIONS = {"settle": ("done", ("draft",))}
    _EDITABLE_STATES = ("draft",)
    _DELETABLE_STATES = ("draft",)
    # written only by the settlement itself
    _FIGURE_FIELDS = frozenset({"company_id", "line_ids", "move_ids", "settled_on"})

    name = fields.Char(compute="_compute_name", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Settled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    scheme_id = fields.Many2one(
        "key.account.rebate.scheme",
        "Rebate Scheme",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_from = fields.Date(related="scheme_id.date_from", string="Period Start")
    date_to = fields.Date(related="scheme_id.date_to", string="Period End")
    settled_on = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many(
        "key.account.rebate.settlement.line", "settlement_id", "Accounts", readonly=True, copy=False
    )
    move_ids = fields.One2many(
        "account.move",
        "key_account_rebate_settlement_id",
        "Credit Notes",
        readonly=True,
        copy=False,
    )
    amount_total = fields.Monetary("Rebate Due", compute="_compute_amount_total")

    @api.depends("scheme_id.name", "scheme_id.date_from", "scheme_id.date_to")
    def _compute_name(self):
        for settlement in self:
            scheme = settlement.scheme_id
            settlement.name = scheme and f"{scheme.name} {scheme.date_from} – {scheme.date_to}"

    @api.depends("scheme_id.company_id")
    def _compute_company_id(self):
        for settlement in self:
            settlement.company_id = settlement.scheme_id.company_id

    @api.depends("line_ids.amount_due")
    def _compute_amount_total(self):
        for settlement in self:
            settlement.amount_total = sum(settlement.line_ids.mapped("amount_due"))

    # ------------------------------------------------------------------ guards
    def _refuse_figures(self, vals):
        touched = set(vals) & self._FIGURE_FIELDS
        if touched and not self._in_transition():
            raise UserError(
                self.env._(
                    "%(fields)s of a rebate settlement are computed by settling, not written.",
                    fields=self._field_labels(touched),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_figures(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_figures(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ settle
    @checked_args
    def action_settle(self):
        return self._transition("settle")

    def _check_settle(self):
        self.check_access("write")
        for settlement in self:
            if not settlement.scheme_id.band_ids:
                raise UserError(
                    self.env._(
                        "Volume Bands: rebate scheme %(name)s has no band to settle with.",
                        name=settlement.scheme_id.name,
                    )
                )

    def _do_settle(self):
        for settlement in self:
            settlement._settle_one()

    def _settle_one(self):
        """Compute the lines and create the draft credit notes (as superuser, after the
        transition checked the user's right to settle this document)."""
        self.ensure_one()
        scheme = self.scheme_id.sudo()
        # one settlement of a scheme at a time: the second waits and sees the first's notes
        self.env.cr.execute(
            SQL("SELECT id FROM key_account_rebate_scheme WHERE id = %s FOR UPDATE", scheme.id)
        )
        partners = scheme._eligible_partners()
        bands = scheme._bands()
        Move = self.env["account.move"].sudo()
        period = [
            ("company_id", "=", scheme.company_id.id),
            ("commercial_partner_id", "in", partners.ids),
        ]
        base_rows = Move._read_group(
            period
            + [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("invoice_date", ">=", scheme.date_from),
                ("invoice_date", "<=", scheme.date_to),
                ("key_account_rebate_settlement_id", "=", False),
            ],
            ["commercial_partner_id"],
            ["amount_untaxed_signed:sum"],
        )
        given_rows = Move._read_group(
            period
            + [
                ("move_type", "=", "out_refund"),
                ("state", "!=", "cancel"),
                ("key_account_rebate_settlement_id.scheme_id", "=", scheme.id),
            ],
            ["commercial_partner_id"],
            ["amount_untaxed_signed:sum"],
        )
        given = {partner: -amount for partner, amount in given_rows}
        currency = scheme.company_id.currency_id
        lines, moves = [], []
        for partner, base in base_rows:
            already = given.get(partner, 0.0)
            total = kpi.rebate(Decimal(str(base)), bands, scheme.method)
            due = currency.round(
                float(
                    kpi.rebate_due(Decimal(str(base)), bands, scheme.method, Decimal(str(already)))
                )
            )
            band = kpi.band_of(Decimal(str(base)), bands)
            lines.append(
                {
                    "settlement_id": self.id,
                    "partner_id": partner.id,
                    "base_amount": base,
                    "rate": float(band[2] * 100) if band else 0.0,
                    "rebate_amount": currency.round(float(total)),
                    "already_given": already,
                    "amount_due": due,
                }
            )
            if not currency.is_zero(due) and due > 0:
                moves.append(self._credit_note_vals(scheme, partner, due))
        created = Move.with_context(**{REBATE_KEY: ACTION_SENTINEL}).create(moves)
        line_records = self.env["key.account.rebate.settlement.line"].sudo().create(lines)
        for move in created:
            line_records.filtered(
                lambda line, move=move: line.partner_id == move.commercial_partner_id
            ).move_id = move
        self.sudo()._write_internal({"settled_on": fields.Datetime.now()})

    def _credit_note_vals(self, scheme, partner, due):
        return {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "company_id": scheme.company_id.id,
            "currency_id": scheme.company_id.currency_id.id,
            "key_account_rebate_settlement_id": self.id,
            "ref": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": scheme.product_id.id,
                        "name": self.env._("Annual purchase rebate %(scheme)s", scheme=self.name),
                        "quantity": 1,
                        "price_unit": due,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    @checked_args
    def action_view_credit_notes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rebate Credit Notes"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("key_account_rebate_settlement_id", "=", self.id)],
            "context": {"default_move_type": "out_refund", "create": False},
        }


class KeyAccountRebateSettlementLine(models.Model):
    _name = "key.account.rebate.settlement.line"
    _description = "Key Account Rebate Settlement Line"
    _order = "settlement_id, partner_id"

    settlement_id = fields.Many2one(
        "key.account.rebate.settlement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    partner_id = fields.Many2one("res.partner", "Key Account", required=True, index=True)
    base_amount = fields.Monetary("Purchases of the Period")
    rate = fields.Float("Band Rate (%)", digits=(5, 2))
    rebate_amount = fields.Monetary("Rebate of the Period")
    already_given = fields.Monetary()
    amount_due = fields.Monetary("Rebate Due")
    move_id = fields.Many2one("account.move", "Credit Note")


class AccountMove(models.Model):
    _inherit = "account.move"

    key_account_rebate_settlement_id = fields.Many2one(
        "key.account.rebate.settlement",
        "Rebate Settlement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set on the credit notes a rebate settlement created; they are left out of "
        "the rebate base.",
    )

    def _refuse_rebate_mark(self, vals):
        if "key_account_rebate_settlement_id" in vals and not is_action(self.env, REBATE_KEY):
            raise UserError(
                self.env._(
                    "Rebate Settlement of a journal entry is set only by settling a rebate scheme."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_rebate_mark(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_rebate_mark(vals)
        return super().write(vals)
