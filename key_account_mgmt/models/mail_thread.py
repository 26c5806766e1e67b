from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # The approval engine subscribes a chain's approvers together when approval is
        # requested; creating a step's activities would subscribe each one again (three
        # queries per approver).  Those already subscribed are skipped; a newcomer to
        # the approvers' group is still subscribed.  Only the engine's own superuser
        # environment is heard: a client sending the key over RPC subscribes as usual.
        followers = self.env.su and self.env.context.get("key_account_approval_followers")
        if followers and partner_ids and not subtype_ids:
            partner_ids = [pid for pid in partner_ids if pid not in followers]
            if not partner_ids:
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
