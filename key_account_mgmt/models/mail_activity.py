from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Completing a quarterly review activity is the review: stamp the account.
        review_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_review", raise_if_not_found=False
        )
        if review_type:
            reviews = self.filtered(
                lambda a: a.activity_type_id == review_type and a.res_model == "res.partner"
            )
            if reviews:
                partners = self.env["res.partner"].browse(reviews.mapped("res_id")).exists()
                partners._key_account_mark_reviewed()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
