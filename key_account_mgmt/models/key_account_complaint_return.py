"""Returns (退货) of a complaint: decided by the key account's manager or the KAM director
(seed: "由客户退回货物的最终处理将由大客户经理作出"), approved with a quantity or refused
with a reason. An approved return is a real return transfer of the linked delivery made
by Odoo's own return wizard (``stock.return.picking``), into the key account's warehouse.
"""

import math

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from ..tools import checked_args

DIRECTOR_GROUP = "key_account_mgmt.group_kam_director"


class KeyAccountComplaint(models.Model):
    _inherit = "key.account.complaint"  # pylint: disable=consider-merging-classes-inherited

    return_state = fields.Selection(
        [("none", "Not Decided"), ("approved", "Approved"), ("refused", "Refused")],
        "Return",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    return_qty = fields.Float(
        "Return Quantity", readonly=True, copy=False, digits="Product Unit of Measure"
    )
    return_refusal_reason = fields.Text(readonly=True, copy=False)
    return_picking_id = fields.Many2one(
        "stock.picking", "Return Transfer", readonly=True, copy=False
    )
    return_decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    return_decided_date = fields.Datetime("Return Decided On", readonly=True, copy=False)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_return_approve(self, quantity: float):
        """Approve the return of ``quantity`` of the complaint's product from its delivery."""
        self._check_one()
        self._check_return_decider()
        if not math.isfinite(quantity) or float_compare(quantity, 0.0, precision_digits=6) <= 0:
            raise UserError(self.env._("Return Quantity: approve a positive quantity."))
        picking_sudo, moves_sudo = self._return_moves()
        returnable = sum(moves_sudo.mapped(self._returnable_qty))
        if float_compare(quantity, returnable, precision_rounding=self._return_rounding()) > 0:
            raise UserError(
                self.env._(
                    "Return Quantity: %(qty)s is more than the %(left)s %(product)s delivered "
                    "by %(picking)s and not yet returned.",
                    qty=quantity,
                    left=returnable,
                    product=self.product_id.display_name,
                    picking=picking_sudo.name,
                )
            )
        return_sudo = self._create_return_transfer(picking_sudo, moves_sudo, quantity)
        self.sudo()._write_internal(
            {
                "return_state": "approved",
                "return_qty": quantity,
                "return_picking_id": return_sudo.id,
                "return_decided_by_id": self.env.user.id,
                "return_decided_date": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "Return of %(qty)s %(product)s approved by %(user)s: %(picking)s.",
                qty=quantity,
                product=self.product_id.display_name,
                user=self.env.user.name,
                picking=return_sudo.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    @checked_args
    def action_return_refuse(self, reason: str | None = None):
        """Refuse the return, with the reason."""
        self._check_one()
        self._check_return_decider()
        if not (reason or "").strip():
            raise UserError(self.env._("Return Refusal Reason: give the reason for refusing."))
        self.sudo()._write_internal(
            {
                "return_state": "refused",
                "return_refusal_reason": reason.strip(),
                "return_decided_by_id": self.env.user.id,
                "return_decided_date": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "Return refused by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    @checked_args
    def action_open_return_wizard(self):
        """The dialog deciding the return."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Decision"),
            "res_model": "key.account.complaint.return.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------------ rules
    def _check_one(self):
        if len(self) != 1:
            raise UserError(self.env._("Return: decide the return of one complaint at a time."))

    def _check_return_decider(self):
        """The acting user reads the complaint and is its account's manager or the KAM
        director; the complaint is open, a complaint, and its return not decided yet."""
        self.check_access("read")
        user = self.env.user
        if not (self.user_id == user or user.has_group(DIRECTOR_GROUP)):
            raise AccessError(
                self.env._(
                    "Return: only the account's manager (%(manager)s) or the KAM director "
                    "decides the return of %(doc)s.",
                    manager=self.user_id.name or "-",
                    doc=self._document_label(),
                )
            )
        if self.kind != "complaint":
            raise UserError(self.env._("Return: a suggestion has no return."))
        if self.state in ("closed", "cancelled"):
            raise UserError(
                self.env._(
                    "Return: %(doc)s is %(state)s.",
                    doc=self._document_label(),
                    state=self._state_label(),
                )
            )
        if self.return_state != "none":
            raise UserError(
                self.env._(
                    "Return: the return of %(doc)s is already %(decision)s.",
                    doc=self._document_label(),
                    decision=dict(self._fields["return_state"]._description_selection(self.env))[
                        self.return_state
                    ],
                )
            )

    def _return_moves(self):
        """The done delivery (as the system) and its done moves of the complaint's product."""
        self._check_required(["picking_id", "product_id"])
        # The decider (a KAM manager) need not have inventory rights: the delivery is the
        # complaint's own link, read as the system after the checks above.
        picking_sudo = self.sudo().picking_id
        if picking_sudo.state != "done" or picking_sudo.picking_type_code != "outgoing":
            raise UserError(
                self.env._(
                    "Delivery: %(picking)s is no done delivery; only delivered goods are returned.",
                    picking=picking_sudo.name,
                )
            )
        moves_sudo = picking_sudo.move_ids.filtered(
            lambda m: m.state == "done" and m.product_id == self.product_id
        )
        if not moves_sudo:
            raise UserError(
                self.env._(
                    "Product: %(picking)s delivered no %(product)s.",
                    picking=picking_sudo.name,
                    product=self.product_id.display_name,
                )
            )
        return picking_sudo, moves_sudo

    def _return_rounding(self):
        return self.product_id.uom_id.rounding or 0.01

    def _returnable_qty(self, move):
        returned = move.returned_move_ids.filtered(lambda m: m.state != "cancel")
        return move.quantity - sum(returned.mapped("quantity"))

    def _create_return_transfer(self, picking_sudo, moves_sudo, quantity):
        """Odoo's return wizard, filled with ``quantity`` spread over the product's moves."""
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_company(picking_sudo.company_id)
            .create({"picking_id": picking_sudo.id, "key_account_complaint_id": self.id})
        )
        left = quantity
        rounding = self._return_rounding()
        for line in wizard.product_return_moves:
            take = 0.0
            if line.move_id in moves_sudo and not float_is_zero(left, precision_rounding=rounding):
                take = min(left, self._returnable_qty(line.move_id))
                left -= take
            line.quantity = take
        return wizard._create_return()
