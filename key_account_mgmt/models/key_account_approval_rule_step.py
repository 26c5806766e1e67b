from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Step kinds of seed 003 §三.2: sign (签署), approve (审批/批准), file (备案).
STEP_KINDS = [("sign", "Sign"), ("approve", "Approve"), ("file", "File")]


class KeyAccountApprovalRuleStep(models.Model):
    """One step of an approval rule: who signs, approves or files, in which order."""

    _name = "key.account.approval.rule.step"
    _description = "Key Account Approval Rule Step"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one(
        "key.account.approval.rule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        STEP_KINDS,
        required=True,
        default="approve",
        help="Sign (签署), approve (审批/批准) or file (备案).",
    )
    approver_type = fields.Selection(
        [
            ("group", "A user of a group"),
            ("user", "A given user"),
            ("office_manager", "The account's office manager"),
        ],
        required=True,
        default="group",
    )
    # restrict: a rule's step may not silently lose its approver
    group_id = fields.Many2one("res.groups", "Approver Group", ondelete="restrict")
    user_id = fields.Many2one("res.users", "Approver", ondelete="restrict")

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # key.account.approval.rule._bands
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.constrains("approver_type", "group_id", "user_id")
    def _check_approver(self):
        for step in self:
            if step.approver_type == "group" and not step.group_id:
                raise ValidationError(
                    self.env._("Approval step: 'Approver Group' is required for a group step.")
                )
            if step.approver_type == "user" and not step.user_id:
                raise ValidationError(
                    self.env._("Approval step: 'Approver' is required for a user step.")
                )

    @api.depends("kind", "approver_type", "group_id", "user_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for step in self:
            if step.approver_type == "group":
                who = step.group_id.name
            elif step.approver_type == "user":
                who = step.user_id.name
            else:
                who = self.env._("Office Manager")
            step.display_name = f"{kinds.get(step.kind, '')}: {who or ''}"
