"""The requester is told the outcome of an approval chain (issue 11, item 4).

When the last step is done, the person responsible for the document (else the requester)
is told: an activity with what to do next where there is something to do ("Confirm the
order" on a sale order, created in one batch), else an inbox message; when a step is
rejected, an inbox message with the reason (the chatter also logs the decision). The
texts are written in that person's language (they are stored, not rendered per reader).

The engine calls :meth:`_approval_notify_outcome` once, after the document's own hook
(``_approval_on_approved`` / ``_approval_on_rejected``), for every approvable model;
a model only says what is told (``_approval_outcome_texts``, ``_approval_outcome_activity``).
A deleted approval document or quotation ends its chain first.
"""

from odoo import models


class KeyAccountApprovalMixin(models.AbstractModel):
    _inherit = "key.account.approval.mixin"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ texts
    def _approval_outcome_texts(self, approved, reason=None):
        """``(summary, note)`` of the outcome activity, in the environment's language."""
        self.ensure_one()
        if approved:
            return (
                self.env._("Approved: go on with %(doc)s", doc=self.display_name),
                self.env._(
                    "The approval of %(doc)s is complete: you may go on with it.",
                    doc=self.display_name,
                ),
            )
        return (
            self.env._("Rejected: %(doc)s", doc=self.display_name),
            self.env._(
                "The approval of %(doc)s was rejected. Reason: %(reason)s",
                doc=self.display_name,
                reason=reason or "",
            ),
        )

    # ------------------------------------------------------------------ engine
    def _approval_outcome_recipient(self, steps):
        """Who is told: the document's responsible, else who requested the approval."""
        return steps.document_user_id[:1] or steps.requester_id[:1]

    def _approval_outcome_activity(self, approved):
        """Whether the outcome is an activity (something to do) rather than an inbox
        message (default: a message)."""
        return False

    def _approval_notify_outcome(self, approved, reason=None):
        """Tell each record's requester: activities in one batch, else inbox messages."""
        outcome = "approved" if approved else "rejected"
        # called by the engine after the last decision (key.account.approval._decide); a
        # record is told once per chain and outcome in a transaction, whatever calls it
        told = self.env.cr.precommit.data.setdefault("key_account_approval_outcome", set())
        activity_vals, messages = [], []
        # the engine's own data (see key.account.approval._decide): read whoever decided
        for record in self.sudo():
            steps = record.approval_ids.filtered("current")
            key = (record._name, record.id, outcome, tuple(sorted(steps.ids)))
            if not steps or key in told:
                continue
            told.add(key)
            user = record._approval_outcome_recipient(steps)
            if not user or not user.active:
                continue
            lang = user.lang or record._approval_company().partner_id.lang
            summary, note = record.with_context(lang=lang)._approval_outcome_texts(approved, reason)
            if record._approval_outcome_activity(approved):
                activity_vals.append(
                    {
                        "activity_type_id": self.env["ir.model.data"]._xmlid_to_res_id(
                            "mail.mail_activity_data_todo"
                        ),
                        "res_model_id": record._approval_model_id(),
                        "res_id": record.id,
                        "res_name": record.display_name,  # stored computes given: no UPDATE
                        "date_done": False,
                        "user_id": user.id,
                        "user_tz": user.tz,
                        "summary": summary,
                        "note": note,
                        "automated": True,
                    }
                )
            else:
                messages.append((record, user, summary, note))
        # The decision's authority was checked by the engine; the approver may not write
        # the document: what tells its requester is written as the engine.
        if activity_vals:
            # who is told is the requester or the responsible: a participant of the chain,
            # who follows the document already (see action_approval_request)
            recipients = self.env["res.users"].browse(v["user_id"] for v in activity_vals)
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True,
                key_account_approval_followers=tuple(recipients.partner_id.ids),
            ).create(activity_vals)
        for record, user, summary, note in messages:
            record.message_notify(
                partner_ids=user.partner_id.ids,
                subject=summary,
                body=note,
                email_layout_xmlid="mail.mail_notification_light",
            )


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _approval_outcome_activity(self, approved):
        """An approved quotation is something to do: confirm it."""
        return approved

    def _approval_outcome_texts(self, approved, reason=None):
        """An approved quotation is confirmed by its salesperson."""
        if not approved:
            return super()._approval_outcome_texts(approved, reason)
        self.ensure_one()
        return (
            self.env._("Confirm the order"),
            self.env._(
                "The approval of %(doc)s is complete: confirm the order.",
                doc=self.display_name,
            ),
        )

    def unlink(self):
        # a deleted quotation ends its chain first (no step left pending without its to-do)
        self._approval_cancel()
        return super().unlink()


class KeyAccountApplication(models.Model):
    _inherit = "key.account.application"  # pylint: disable=consider-merging-classes-inherited

    def _approval_outcome_texts(self, approved, reason=None):
        """An approved application made its customer a key account."""
        if not approved:
            return super()._approval_outcome_texts(approved, reason)
        self.ensure_one()
        return (
            self.env._("Key account approved: %(partner)s", partner=self.partner_id.display_name),
            self.env._(
                "%(doc)s is approved: %(partner)s is now a key account; plan its first visit.",
                doc=self.display_name,
                partner=self.partner_id.display_name,
            ),
        )


class KeyAccountGiftRequest(models.Model):
    _inherit = "key.account.gift.request"  # pylint: disable=consider-merging-classes-inherited

    def _approval_outcome_texts(self, approved, reason=None):
        """An approved gift request is handed over by its requester."""
        if not approved:
            return super()._approval_outcome_texts(approved, reason)
        self.ensure_one()
        return (
            self.env._("Gift approved: hand it over"),
            self.env._(
                "%(doc)s is approved: hand the gift over and record it.",
                doc=self.display_name,
            ),
        )


class KeyAccountApprovalDocument(models.AbstractModel):
    _inherit = "key.account.approval.document"

    def unlink(self):
        # a deleted document ends its chain first (no step left pending without its to-do)
        self._approval_cancel()
        return super().unlink()
