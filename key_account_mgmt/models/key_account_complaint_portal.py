"""Portal side of complaints: the customer's URL, token and filing from /my/complaints.

``portal.mixin`` and ``rating.mixin`` are added to the model in
``key_account_complaint_rating.py``.  Portal users read their own company's complaints
(record rule ``key_account_complaint_rule_portal``: the commercial partner of the user);
they file through the portal controller (``controllers/portal.py``), which checks that
the user is a contact of a key account and creates with :meth:`_portal_create` as the
system.  They post in the chatter of the complaints they read (``_mail_post_access``).
"""

import uuid

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

PORTAL_KINDS = ("complaint", "suggestion")


class KeyAccountComplaintPortal(models.Model):
    _inherit = "key.account.complaint"  # pylint: disable=consider-merging-classes-inherited
    # Customers answer in the chatter of the complaints they may read.
    _mail_post_access = "read"

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _portal_ensure_token(self):
        """The token is the addon's own value: written through the state machine's
        internal write (a replied or closed complaint is otherwise locked)."""
        if not self.access_token:
            self.sudo()._write_internal({"access_token": str(uuid.uuid4())})
        return self.access_token

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    @api.model
    def _portal_can_file(self, user):
        """Whether ``user`` (a portal user) may file: a contact of a key account."""
        return bool(user.partner_id.commercial_partner_id.sudo().is_key_account)

    @api.model
    def _portal_create(self, user, kind, description):
        """Create the complaint ``user`` files on the portal, as the system after the
        checks: a contact of a key account, a known kind, a description."""
        if not self._portal_can_file(user):
            raise AccessError(
                self.env._(
                    "Raised By: only the contacts of a key account file complaints and "
                    "suggestions on the portal."
                )
            )
        if kind not in PORTAL_KINDS:
            raise UserError(
                self.env._("Kind: %(kind)s is neither a complaint nor a suggestion.", kind=kind)
            )
        text = (description or "").strip()
        if not text:
            raise UserError(self.env._("Description: describe the complaint or suggestion."))
        partner = user.partner_id
        company = partner.company_id or partner.commercial_partner_id.company_id or user.company_id
        # Checked above; the portal user has no create right on the model.
        complaint_sudo = self.sudo().create(
            {
                "kind": kind,
                "channel": "portal",
                "partner_id": partner.id,
                "company_id": company.id,
                "description": plaintext2html(text),
            }
        )
        complaint_sudo.message_subscribe(partner_ids=partner.ids)
        return complaint_sudo
