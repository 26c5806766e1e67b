"""Tier changes of a partner (等级变更): who may change a key account's tier, the reason that
goes with it, its history line (``key.account.tier.history``) and its consequences
(``key.account.tier._partner_consequences``).

The reason of a key account's change comes from the addon's own actions only (the
"Change Tier" wizard, the approved qualification) through ``_key_account_change_tier``:
it travels as a :class:`TierChange` object, which no JSON-RPC payload can produce, so a
client sending a context key or writing the tier directly gets the "needs a reason"
refusal.
"""

from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError

# Context key under which _key_account_change_tier hands the change to write().
TIER_CHANGE_KEY = "key_account_tier_change"


class TierChange:
    """A tier change made by the addon's own action: its reason and the partners it is
    for (a context value a client cannot send)."""

    __slots__ = ("partner_ids", "reason")

    def __init__(self, partners, reason):
        self.partner_ids = frozenset(partners.ids)
        self.reason = reason


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if "key_account_tier_id" not in vals:
            return super().write(vals)
        return self._key_account_write_tier(vals)

    def _key_account_change_tier(self, tier, reason, vals=None):
        """Move these partners to ``tier`` for ``reason`` (with the other ``vals``): the
        way the addon's actions change a key account's tier."""
        change = TierChange(self, reason)
        vals = dict(vals or {}, key_account_tier_id=tier.id)
        return self.with_context(**{TIER_CHANGE_KEY: change}).write(vals)

    def _key_account_tier_reason(self):
        """The reason given by the addon's action changing these partners, else None."""
        change = self.env.context.get(TIER_CHANGE_KEY)
        if isinstance(change, TierChange) and set(self.ids) <= change.partner_ids:
            return change.reason
        return None

    def _key_account_write_tier(self, vals):
        """Write a tier change with its history line; a key account's change needs a
        KAM manager (or above) of its team and a reason from the addon's action."""
        reason = self._key_account_tier_reason()
        new_tier = self.env["key.account.tier"].browse(vals["key_account_tier_id"])
        changed = self.filtered(lambda p: p.key_account_tier_id != new_tier)
        keyed = changed._key_account_only()
        if keyed:
            keyed._check_key_account_archive_access()
            user = self.env.user
            if not (
                self.env.su
                or user.has_group("key_account_mgmt.group_kam_manager")
                or user.has_group("key_account_mgmt.group_kam_department")
            ):
                raise AccessError(
                    self.env._("Tier: only a KAM Manager or above changes a key account's tier.")
                )
            if not (reason or "").strip():
                raise UserError(
                    self.env._(
                        "Tier of %(partner)s: a tier change needs a reason; use "
                        "'Change Tier' on the key account.",
                        partner=keyed[0].display_name,
                    )
                )
        if new_tier and any(p.company_id and p.company_id != new_tier.company_id for p in changed):
            raise ValidationError(
                self.env._("Tier: the tier must belong to the partner's company.")
            )
        History = self.env["key.account.tier.history"]
        history = History._values_for(changed, new_tier, reason)
        if new_tier:
            vals = dict(vals, **new_tier._partner_consequences(vals))
        res = super().write(vals)
        History._record(history)
        return res
