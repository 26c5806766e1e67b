"""Reads of the approval engine done ahead, in fewer queries than the ORM would take.

A request or a decision reads a document's steps, the users involved (requester,
decider, approvers, participants) and their partners at several places (the checks, the
chatter note, the followers, the activities). These helpers read them once, together,
before: the steps with their columns in one query, the users in one and the partners
(the document's customer included) in one; the document's ``ir.model`` name that each
activity create would read is put in the cache. Nothing is decided here.
"""

from collections import defaultdict

from odoo import api, models


class KeyAccountApproval(models.Model):
    _inherit = "key.account.approval"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _prefetch_steps(self, documents, needed_only=False):
        """Put the steps of ``documents`` (their ``approval_ids``, as the engine reads
        them: in its superuser environment) in the cache with their columns: one query,
        where the ORM's read of the one2many and of the steps takes two; with
        ``needed_only``, of those that need an approval only."""
        field = documents._fields["approval_ids"]
        cache = self.env.cache
        todo = documents.browse(
            d.id
            for d in documents
            if d.id and not cache.contains(d, field) and (not needed_only or d._approval_needed())
        )
        if not todo:
            return
        fnames = [
            name
            for name, step_field in self._fields.items()
            if step_field.store and step_field.column_type and step_field.prefetch is True
        ]
        steps = (
            self.sudo()
            .with_context(**{"active_test": False, **field.context})
            .search_fetch(field.get_domain_list(todo) + [("res_id", "in", todo.ids)], fnames)
        )
        by_document = defaultdict(list)
        for step in steps:
            by_document[step.res_id].append(step.id)
        cache.insert_missing(todo, field, [tuple(by_document[id_]) for id_ in todo._ids])

    def _prefetch_request_people(self, approvers_of):
        """For the steps ``self`` just created: one read of the users (the requester, the
        responsible, the approvers ``approvers_of``: ``{step: users}``) and one of their
        partners, for the followers, the chatter note and the activities."""
        users = self.env.user.union(
            *approvers_of.values(), self.requester_id, self.document_user_id
        )
        users.partner_id.mapped("tz")

    def _prefetch_people(self, user, following=None, approvers=None):
        """One read of the users (the decider, the next step's approvers and the chain's
        participants, or who is told the outcome) and one of the partners (theirs and the
        document's customer) that the decision reads: the figures' check, the chatter
        note, the followers and the activities."""
        self.ensure_one()
        users = user.sudo()
        if following:
            users |= approvers | following.participant_ids
        else:
            # the chain ends: its outcome is told to the responsible or the requester
            users |= self.document_user_id | self.requester_id
        partners = users.partner_id
        document = self.env[self.res_model].browse(self.res_id)
        if getattr(document._fields.get("partner_id"), "comodel_name", None) == "res.partner":
            partners |= document.partner_id
        partners.mapped("tz")


class KeyAccountApprovalMixin(models.AbstractModel):
    _inherit = "key.account.approval.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _approval_model_id(self):
        """The id of the document's ``ir.model``, with its technical name in the cache.

        ``mail.activity.res_model`` is stored and related to ``res_model_id.model``: each
        activity create would otherwise read the ``ir.model`` row (one query on the request
        and on each decision, issue 10). The name is the one ``_get_id`` looked the id up
        by, so the cache holds what the table holds.
        """
        model = self.env["ir.model"].browse(self.env["ir.model"]._get_id(self._name))
        field = model._fields["model"]
        if not self.env.cache.contains(model, field):
            self.env.cache.set(model, field, self._name)
        return model.id
