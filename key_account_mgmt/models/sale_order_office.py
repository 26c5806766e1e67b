"""A key-account order whose approval needs the account's office manager says what is
really missing: the account has no office at all, or its office has no manager
(issue 11, item 6)."""

from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _approval_prepare_steps(self, band, amount):
        if any(step[2] == "office_manager" for step in band[4]):
            self._approval_check_office()
        return super()._approval_prepare_steps(band, amount)

    def _approval_check_office(self):
        """Name the missing office, or the office without a manager, of the order's account."""
        self.ensure_one()
        # the account's office is archive data (field groups); the requester's access to
        # the order was checked by Request Approval, the office is only named here
        account_sudo = self.partner_id.commercial_partner_id.sudo()
        office = account_sudo.key_account_team_id
        if not office:
            raise UserError(
                self.env._(
                    "%(doc)s: its approval is signed by the office manager of the account, "
                    "but the key account %(account)s has no office. Set the account's Office "
                    "(Key Account tab of the customer).",
                    doc=self.display_name,
                    account=account_sudo.display_name,
                )
            )
        if not office.user_id:
            raise UserError(
                self.env._(
                    "%(doc)s: its approval is signed by the office manager of the account, "
                    "but the account's office %(office)s has no office manager. Set the "
                    "office's Team Leader.",
                    doc=self.display_name,
                    office=office.display_name,
                )
            )
