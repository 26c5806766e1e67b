"""18.0.1.1.0: qualification applications move onto the approval engine.

Before: a submitted application had one "Key Account Application Decision"
activity per decider and no approval steps.  After: it runs the engine's
one-step chain like new ones.  The old activities are dropped (the chain gives
each decider a new one) so that the obsolete activity type can be deleted.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old_type = env.ref(
        "key_account_mgmt.mail_activity_type_kam_application", raise_if_not_found=False
    )
    if old_type:
        env["mail.activity"].with_context(active_test=False).search(
            [("activity_type_id", "=", old_type.id)]
        ).unlink()
    submitted = env["key.account.application"].search(
        [("state", "=", "submitted"), ("approval_state", "=", "to_request")]
    )
    submitted.action_approval_request()
