"""Rework lines of a complaint (返工处理, SPEC S6): what the technical department reworked and
its result. A failed rework sends the complaint back to technical review.

Only the technical department (and the KAM director) records them, only while the
complaint is in rework; the result is recorded once, with who and when set by the server.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools.guards import check_finite_numbers
from .key_account_complaint import TECH_GROUPS

SERVER_FIELDS = frozenset({"done_by_id", "done_date", "company_id"})


class KeyAccountComplaintRework(models.Model):
    _name = "key.account.complaint.rework"
    _description = "Key Account Complaint Rework"
    _order = "complaint_id, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "key.account.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rework_type = fields.Selection(
        [("physical", "Physical Processing"), ("chemical", "Chemical Processing")],
        required=True,
        default="physical",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    lot_id = fields.Many2one(
        "stock.lot", "Lot/Serial", check_company=True, domain="[('product_id', '=', product_id)]"
    )
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    cost = fields.Monetary(currency_field="currency_id")
    result = fields.Selection(
        [("pending", "Pending"), ("passed", "Passed"), ("failed", "Failed")],
        required=True,
        default="pending",
    )
    note = fields.Text()
    done_by_id = fields.Many2one("res.users", readonly=True)
    done_date = fields.Datetime("Done On", readonly=True)

    # ------------------------------------------------------------------ constraints
    @api.constrains("quantity", "cost")
    def _check_amounts(self):
        for line in self:
            if float_compare(line.quantity, 0.0, precision_digits=6) < 0 or line.cost < 0:
                raise ValidationError(
                    self.env._("Quantity, Cost: a rework's quantity and cost are not negative.")
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
            self._check_client_vals(vals)
        complaints = self.env["key.account.complaint"].browse(
            {vals.get("complaint_id") for vals in vals_list if vals.get("complaint_id")}
        )
        self._check_rework_state(complaints)
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.result != "pending")._record_result()
        return lines

    def write(self, vals):
        check_finite_numbers(self, vals)
        self._check_client_vals(vals)
        self._check_rework_state(
            self.complaint_id | self.complaint_id.browse(vals.get("complaint_id"))
        )
        if "result" in vals:
            decided = self.filtered(lambda line: line.result != "pending")
            if decided:
                raise UserError(
                    self.env._(
                        "Result: the rework result of %(doc)s is recorded once.",
                        doc=decided[0].complaint_id.display_name,
                    )
                )
        result = super().write(vals)
        if vals.get("result") in ("passed", "failed"):
            self._record_result()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_pending_only(self):
        self._check_rework_state(self.complaint_id)
        if self.filtered(lambda line: line.result != "pending"):
            raise UserError(self.env._("Result: a rework with a recorded result is kept."))

    # ------------------------------------------------------------------ rules
    def _check_client_vals(self, vals):
        server = set(vals) & SERVER_FIELDS
        if server:
            raise UserError(
                self.env._(
                    "%(fields)s: set by the server when the result is recorded.",
                    fields=", ".join(
                        sorted(self._fields[f]._description_string(self.env) for f in server)
                    ),
                )
            )
        if not self.env.su and not any(self.env.user.has_group(g) for g in TECH_GROUPS):
            raise AccessError(
                self.env._("Rework: only the technical department records rework and its result.")
            )

    def _check_rework_state(self, complaints):
        if self.env.su:
            return
        wrong = complaints.filtered(lambda c: c.state != "rework")
        if wrong:
            raise UserError(
                self.env._(
                    "Rework: %(doc)s is %(state)s; rework is recorded only while it is in rework.",
                    doc=wrong[0].display_name,
                    state=wrong[0]._state_label(),
                )
            )

    def _record_result(self):
        """Who recorded the result and when; a failed rework reopens the technical review."""
        now = fields.Datetime.now()
        # done_by/done_date are server fields: written as the system for the technician
        # whose rights were checked above.
        result = super(KeyAccountComplaintRework, self.sudo()).write(
            {"done_by_id": self.env.user.id, "done_date": now}
        )
        for line in self:
            line.complaint_id.message_post(
                body=self.env._(
                    "Rework %(type)s: %(result)s (%(user)s).",
                    type=dict(self._fields["rework_type"]._description_selection(self.env))[
                        line.rework_type
                    ],
                    result=dict(self._fields["result"]._description_selection(self.env))[
                        line.result
                    ],
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        failed = self.filtered(lambda line: line.result == "failed").complaint_id
        failed.filtered(lambda c: c.state == "rework").action_review_again()
        return result
