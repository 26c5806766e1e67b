"""The steps of a complaint (its buttons): who takes each one, what it needs and what
it does (``action_<step>`` → ``_check_<step>`` → state → ``_do_<step>``, see the table in
``key_account_complaint.py``). Kept apart from the record's fields and guards.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from ..tools import checked_args
from .key_account_complaint import CS_GROUPS, TECH_GROUPS


class KeyAccountComplaint(models.Model):
    _inherit = "key.account.complaint"

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_dispatch(self):
        return self._transition("dispatch")

    @checked_args
    def action_review(self):
        return self._transition("review")

    @checked_args
    def action_rework(self):
        return self._transition("rework")

    @checked_args
    def action_review_again(self):
        return self._transition("review_again")

    @checked_args
    def action_reply(self):
        return self._transition("reply")

    @checked_args
    def action_close(self):
        return self._transition("close")

    @checked_args
    def action_reopen(self):
        return self._transition("reopen")

    @checked_args
    def action_cancel(self, reason: str | None = None):
        """Cancel with the reason (required)."""
        return self._transition("cancel", reason=reason)

    @checked_args
    def action_open_cancel_wizard(self):
        """The cancel dialog asking for the reason."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel"),
            "res_model": "key.account.complaint.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------------ the machine
    def _transition(self, step, **kwargs):
        result = super()._transition(step, **kwargs)
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "%(step)s by %(user)s.",
                    step=complaint._state_label(),
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return result

    def _check_role(self, groups, what):
        # The superuser environment is the addon's own server code (rating hooks), which
        # no RPC client reaches; every client call is checked.
        if self.env.su:
            return
        self.check_access("write")
        if not self._user_in(groups):
            raise AccessError(
                self.env._(
                    "%(what)s: %(doc)s — you are not allowed to take this step.",
                    what=what,
                    doc=self[:1]._document_label(),
                )
            )

    def _check_required(self, fnames):
        for complaint in self:
            missing = [
                f
                for f in fnames
                if not complaint[f]
                or (self._fields[f].type == "html" and is_html_empty(complaint[f]))
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "%(doc)s: fill in %(fields)s first.",
                        doc=complaint._document_label(),
                        fields=complaint._field_labels(missing),
                    )
                )

    def _check_complaints_only(self, what):
        if self.filtered(lambda c: c.kind != "complaint"):
            raise UserError(
                self.env._(
                    "%(what)s: a suggestion skips the technical review and the rework.",
                    what=what,
                )
            )

    def _check_dispatch(self):
        self._check_role(CS_GROUPS, self.env._("Dispatch (customer service)"))
        self._check_required(["partner_id", "description"])
        unassigned = self.filtered("needs_assignment")
        if unassigned:
            raise UserError(
                self.env._(
                    "Raised By: %(doc)s comes from %(partner)s, who is no key account's "
                    "contact; assign the key account's contact before dispatching.",
                    doc=unassigned[0]._document_label(),
                    partner=unassigned[0].partner_id.display_name,
                )
            )

    def _do_dispatch(self):
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"dispatched_by_id": self.env.user.id}
            if not complaint.first_response_date:
                vals["first_response_date"] = now
            complaint._write_internal(vals)
        self._notify_dispatch()

    def _notify_dispatch(self):
        """Inform the KAM department and give the account's manager an activity."""
        department = self.env.ref("key_account_mgmt.group_kam_department").sudo()
        for complaint in self.sudo():
            users = department.users.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids and u.active
            )
            recipients = (users | complaint.user_id).partner_id
            complaint.message_subscribe(partner_ids=complaint.user_id.partner_id.ids)
            complaint.message_post(
                body=self.env._(
                    "%(doc)s of %(account)s was dispatched to the KAM department.",
                    doc=complaint._document_label(),
                    account=complaint.commercial_partner_id.display_name,
                ),
                partner_ids=recipients.ids,
                subtype_xmlid="mail.mt_comment",
            )
            if complaint.user_id:
                complaint.activity_schedule(
                    "key_account_mgmt.mail_activity_type_kam_complaint",
                    user_id=complaint.user_id.id,
                    summary=self.env._(
                        "Complaint of your key account: %(doc)s", doc=complaint.name
                    ),
                )

    def _check_review(self):
        self._check_role(CS_GROUPS, self.env._("Technical review"))
        self._check_complaints_only(self.env._("Technical review"))

    def _check_rework(self):
        self._check_role(TECH_GROUPS, self.env._("Rework (technical department)"))
        self._check_complaints_only(self.env._("Rework"))
        self._check_required(["responsibility", "judgement", "rework_type"])
        if self.filtered(lambda c: c.rework_type == "none"):
            raise UserError(
                self.env._("Rework Type: the judgement asks for no rework; reply instead.")
            )

    def _check_review_again(self):
        self._check_role(TECH_GROUPS, self.env._("Technical review (failed rework)"))
        for complaint in self:
            decided = complaint.rework_line_ids.filtered(lambda r: r.result != "pending")
            if not decided or decided.sorted("id")[-1].result != "failed":
                raise UserError(
                    self.env._(
                        "Rework: %(doc)s goes back to technical review after a failed rework only.",
                        doc=complaint._document_label(),
                    )
                )

    def _check_reply(self):
        self._check_role(CS_GROUPS, self.env._("Reply (customer service)"))
        self._check_required(["reply"])
        for complaint in self:
            if complaint.kind == "suggestion":
                continue
            if complaint.state == "dispatched":
                raise UserError(
                    self.env._(
                        "Status: %(doc)s is a complaint; the technical department judges it "
                        "before the reply.",
                        doc=complaint._document_label(),
                    )
                )
            complaint._check_required(["responsibility", "judgement", "rework_type"])
            if complaint.state == "technical_review" and complaint.rework_type != "none":
                raise UserError(
                    self.env._(
                        "Rework Type: %(doc)s asks for rework; the reply follows the rework.",
                        doc=complaint._document_label(),
                    )
                )
            if complaint.state == "rework":
                # a failed rework was followed by a new judgement and new rework: the
                # round's last result counts, and nothing may still be pending
                lines = complaint.rework_line_ids.sorted("id")
                if not lines or lines[-1].result != "passed" or "pending" in lines.mapped("result"):
                    raise UserError(
                        self.env._(
                            "Rework: every rework of %(doc)s must have passed before the reply.",
                            doc=complaint._document_label(),
                        )
                    )

    def _do_reply(self, **kwargs):
        """Hook: the reply is written (the intake branch sends the rating request)."""
        self._write_internal(
            {"replied_by_id": self.env.user.id, "replied_date": fields.Datetime.now()}
        )

    def _check_close(self):
        self._check_role(CS_GROUPS, self.env._("Close (customer service)"))
        self._check_required(["reply"])

    def _do_close(self):
        self._write_internal(
            {
                "closed_date": fields.Datetime.now(),
                "closed_by_id": self.env.user.id,
                "active": False,
            }
        )

    def _check_reopen(self):
        self._check_role(CS_GROUPS, self.env._("Not satisfied (customer service)"))

    def _do_reopen(self):
        for complaint in self:
            complaint._write_internal(
                {"reopen_count": complaint.reopen_count + 1, "active": True, "closed_date": False}
            )

    def _check_cancel(self, reason=None):
        self._check_role(CS_GROUPS, self.env._("Cancel (customer service)"))
        if not (reason or "").strip():
            raise UserError(self.env._("Cancel Reason: give the reason for cancelling."))

    def _do_cancel(self, reason=None):
        self._write_internal({"cancel_reason": reason.strip()})
