"""Satisfaction survey (满意度调查) of key accounts: NPS per account and period.

Owns the key-account marks of ``survey.user_input`` (account, account manager, office
and period of the invitation, set only by the "Send satisfaction survey" wizard) and
``_kpi_nps(domain, groupby)``: the counts of 0–10 answers to the NPS question, in one
``_read_group``, which the KPI engine turns into NPS with ``tools/kpi.py`` ``nps()``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import is_action

NPS_KEY = "key_account_nps_invite"
NPS_FIELDS = frozenset(
    {
        "key_account_id",
        "key_account_user_id",
        "key_account_team_id",
        "key_account_date_from",
        "key_account_date_to",
    }
)


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    key_account_nps = fields.Boolean(
        "Key Account NPS Question",
        help="The 0–10 answers to this question give the key accounts' NPS.",
    )


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    key_account_id = fields.Many2one("res.partner", readonly=True, index=True)
    key_account_user_id = fields.Many2one("res.users", "Account Manager", readonly=True)
    key_account_team_id = fields.Many2one("crm.team", "Office", readonly=True)
    key_account_date_from = fields.Date("Survey Period Start", readonly=True)
    key_account_date_to = fields.Date("Survey Period End", readonly=True)

    def _refuse_nps_marks(self, vals):
        touched = set(vals) & NPS_FIELDS
        if touched and not is_action(self.env, NPS_KEY):
            raise UserError(
                self.env._(
                    "%(fields)s of a survey participation are set only by sending the "
                    "satisfaction survey.",
                    fields=", ".join(
                        sorted(self._fields[f]._description_string(self.env) for f in touched)
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_nps_marks(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_nps_marks(vals)
        return super().write(vals)


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    key_account_id = fields.Many2one(related="user_input_id.key_account_id", store=True, index=True)
    key_account_user_id = fields.Many2one(
        related="user_input_id.key_account_user_id", store=True, string="Account Manager"
    )
    key_account_team_id = fields.Many2one(
        related="user_input_id.key_account_team_id", store=True, string="Office"
    )
    key_account_date_from = fields.Date(
        related="user_input_id.key_account_date_from", store=True, string="Survey Period Start"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the derived key-account fields are refused before survey's own create reads vals
        if not self.env.su:
            for vals in vals_list:
                self._kam_check_guarded_fields(vals)
        return super().create(vals_list)

    @api.model
    def _kpi_nps(self, domain, groupby):
        """NPS inputs of key accounts, read_group-like.

        ``domain``: extra conditions on answer lines (e.g. ``[("key_account_date_from",
        ">=", d1), ("key_account_date_from", "<=", d2)]``); ``groupby``: a list of
        grouping specs of this model (``key_account_id``, ``key_account_user_id``,
        ``key_account_team_id``, ``key_account_date_from:quarter``…).  Only completed
        participations of a key account answering a question marked as the NPS question
        count.  Returns one dict per group and score: the ``groupby`` keys, ``score``
        (0–10) and ``count``; feed ``[score] * count`` per group to ``tools.kpi.nps``.
        One ``_read_group``.
        """
        groupby = list(groupby)
        rows = self._read_group(
            list(domain)
            + [
                ("key_account_id", "!=", False),
                ("question_id.key_account_nps", "=", True),
                ("answer_type", "=", "scale"),
                ("skipped", "=", False),
                ("user_input_id.state", "=", "done"),
                ("user_input_id.test_entry", "=", False),
            ],
            groupby + ["value_scale"],
            ["__count"],
        )
        result = []
        for row in rows:
            values = dict(zip(groupby, row[: len(groupby)], strict=True))
            values["score"] = row[len(groupby)]
            values["count"] = row[len(groupby) + 1]
            result.append(values)
        return result
