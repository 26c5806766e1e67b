"""Reads of the key-account archive made as the system for Odoo's own flows (S8): the
warehouse serving an account and its account team, for callers without a KAM role."""

from odoo import models


class ResPartner(models.Model):
    """Reads of the key-account archive made for Odoo's own flows (S8).

    The archive fields carry ``groups="key_account_mgmt.group_kam_user"``: in Odoo 18 a
    field's groups bind the ORM as well (an uncached read or a search of the field raises
    an AccessError), not only RPC. Sale, stock and invoice flows of users without a KAM
    role (a salesman selling to a key account, a clerk shipping its goods) still need a
    few archive values to do their job; these private helpers read them as the system and
    return records the caller may use, never the archive itself.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _key_account_warehouse(self, company=None):
        # The warehouse is configuration the order needs, whoever sells to the account.
        self.ensure_one()
        partner_sudo = self.sudo()
        return super(ResPartner, partner_sudo)._key_account_warehouse(company).sudo(False)

    def _key_account_team_users(self):
        # Who may change the archive is decided for any caller, one without a KAM role
        # included (he then gets the rule's own refusal, not a field-access error).
        return super(ResPartner, self.sudo())._key_account_team_users().sudo(False)
