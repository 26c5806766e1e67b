"""The office of a key-account application (issue 11, item 6).

The office defaults to the sales team of the account manager (else of the applicant) and
is required before submit; when the approval rules that will apply to the account
(its requested tier's, else the general ones, of every approvable document) have a
step signed by "the account's office manager", the office needs one (its team leader).
An account is so never approved without the office its orders' approval needs.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class KeyAccountApplication(models.Model):
    _inherit = "key.account.application"  # pylint: disable=consider-merging-classes-inherited

    team_id = fields.Many2one(default=lambda self: self._default_team_id())

    @api.model
    def _default_team_id(self):
        team = self.env.user.sale_team_id
        return team if not team.company_id or team.company_id == self.env.company else False

    @api.onchange("account_manager_id")
    def _onchange_account_manager_office(self):
        # convenience only: the submit check below is the rule
        team = self.account_manager_id.sale_team_id
        if (
            team
            and not self.team_id
            and team.company_id in (self.company_id, self.env["res.company"])
        ):
            self.team_id = team

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "team_id" not in vals and vals.get("account_manager_id"):
                manager = self.env["res.users"].sudo().browse(vals["account_manager_id"]).exists()
                team = manager.sale_team_id
                company_id = vals.get("company_id") or self.env.company.id
                if team and team.company_id.id in (False, company_id):
                    vals["team_id"] = team.id
        return super().create(vals_list)

    # ------------------------------------------------------------------ submit
    def _check_submit(self, **kwargs):
        """The state machine's submit check (see key.account.state.machine)."""
        self._check_office_for_submit()
        return super()._check_submit(**kwargs)

    def _check_office_for_submit(self):
        """An application names its office, with an office manager where the rules need one."""
        for app in self:
            label = self._fields["team_id"].get_description(self.env)["string"]
            if not app.team_id:
                raise UserError(
                    self.env._(
                        "Application %(app)s cannot be submitted: %(field)s is required (the "
                        "office that looks after the account; by default the sales team of "
                        "its account manager).",
                        app=app.name,
                        field=label,
                    )
                )
            if not app.team_id.user_id and app._office_manager_needed():
                raise UserError(
                    self.env._(
                        "Application %(app)s cannot be submitted: its %(field)s %(office)s has "
                        "no office manager (Team Leader), and the approval rules of the "
                        "account have steps signed by the account's office manager.",
                        app=app.name,
                        field=label,
                        office=app.team_id.display_name,
                    )
                )

    def _office_manager_needed(self):
        """Whether a rule that will apply to the account has an office-manager step."""
        self.ensure_one()
        Rule = self.env["key.account.approval.rule"]
        company = self.company_id or self.env.company
        tier = self.requested_tier_id
        for model_name in self.env.registry["key.account.approval.mixin"]._inherit_children:
            if model_name not in self.env or self.env[model_name]._abstract:
                continue
            bands = Rule._bands(model_name, company.id)
            tier_bands = [band for band in bands if tier and tier.id in band[1]]
            applicable = tier_bands or [band for band in bands if not band[1]]
            if any(step[2] == "office_manager" for band in applicable for step in band[4]):
                return True
        return False
