from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestTier(KeyAccountCase):
    """Tiers: non-overlapping criteria, band edges, tracked changes with a reason."""

    def test_default_tiers_cover_scores_without_gap(self):
        """Every credit score from 0 to 100 matches exactly one default tier; edges included."""
        tiers = self.env["key.account.tier"]
        self.assertEqual(tiers._match(0, 0), self.tier_c)
        self.assertEqual(tiers._match(59.99, 0), self.tier_c)
        self.assertEqual(tiers._match(60, 0), self.tier_b)
        self.assertEqual(tiers._match(79.99, 1e9), self.tier_b)
        self.assertEqual(tiers._match(80, 0), self.tier_a)
        self.assertEqual(tiers._match(100, 0), self.tier_a)

    def test_overlapping_tier_refused(self):
        """A tier whose bands intersect an existing one is refused, by form and by RPC."""
        with self.assertRaisesRegex(ValidationError, "overlaps tier"):
            self.env["key.account.tier"].with_user(self.director).create(
                {"name": "Overlap", "code": "X", "credit_score_min": 75, "credit_score_max": 90}
            )
        form = Form(self.env["key.account.tier"].with_user(self.director))
        form.name = "Overlap"
        form.code = "Y"
        form.credit_score_min = 10
        form.credit_score_max = 20
        with self.assertRaisesRegex(ValidationError, "overlaps tier"):
            form.save()
        self.assertFalse(self.env["key.account.tier"].search([("code", "in", ("X", "Y"))]))

    def test_adjacent_bands_and_revenue_split_allowed(self):
        """Bands that only touch at an edge, or differ in revenue, do not overlap."""
        self.tier_c.write({"revenue_max": 1_000_000})
        tier = (
            self.env["key.account.tier"]
            .with_user(self.director)
            .create(
                {
                    "name": "C+ (large, fair credit)",
                    "code": "C+",
                    "credit_score_min": 0,
                    "credit_score_max": 60,
                    "revenue_min": 1_000_000,
                }
            )
        )
        self.assertEqual(self.env["key.account.tier"]._match(50, 999_999.99), self.tier_c)
        self.assertEqual(self.env["key.account.tier"]._match(50, 1_000_000), tier)

    def test_invalid_band_refused(self):
        """An empty band names the fields."""
        with self.assertRaisesRegex(ValidationError, "Credit Score From"):
            self.tier_a.with_user(self.director).write({"credit_score_min": 101})

    def test_tier_configuration_director_only(self):
        """Only the KAM director configures tiers."""
        with self.assertRaises(AccessError):
            self.tier_a.with_user(self.manager).write({"gift_budget": 1})
        self.tier_a.with_user(self.director).write({"gift_budget": 1})
        self.assertEqual(self.tier_a.gift_budget, 1)

    def test_change_tier_through_wizard(self):
        """The Change Tier wizard writes the tier and a history line with the reason."""
        partner = self._make_key_account(credit_score=85)
        action = partner.with_user(self.manager).action_key_account_change_tier()
        form = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        self.assertEqual(form.suggested_tier_id, self.tier_a)
        form.new_tier_id = self.tier_a
        form.reason = "Paid on time for a year"
        form.save().action_confirm()
        self.assertEqual(partner.key_account_tier_id, self.tier_a)
        last = partner.key_account_tier_history_ids[0]
        self.assertEqual((last.old_tier_id, last.new_tier_id), (self.tier_b, self.tier_a))
        self.assertEqual(last.reason, "Paid on time for a year")
        self.assertEqual(last.user_id, self.manager)

    def test_change_tier_by_rpc_needs_reason(self):
        """A plain write of the tier of a key account without a reason is refused."""
        partner = self._make_key_account()
        with self.assertRaisesRegex(UserError, "needs a reason"):
            partner.with_user(self.manager).write({"key_account_tier_id": self.tier_c.id})
        self.assertEqual(partner.key_account_tier_id, self.tier_b)
        self.assertEqual(len(partner.key_account_tier_history_ids), 1)
        # the reason comes from the Change Tier wizard, never from a context key (#10)
        self.env["key.account.tier.change"].with_user(self.manager).create(
            {"partner_id": partner.id, "new_tier_id": self.tier_c.id, "reason": "Late payments"}
        ).action_confirm()
        self.assertEqual(partner.key_account_tier_id, self.tier_c)
        last = self.env["key.account.tier.history"].search(
            [("partner_id", "=", partner.id)], limit=1
        )
        self.assertEqual(last.reason, "Late payments")
        self.assertEqual(len(partner.key_account_tier_history_ids), 2)

    def test_change_tier_refused_for_specialist(self):
        """A specialist of the account cannot change its tier."""
        partner = self._make_key_account()
        with self.assertRaisesRegex(AccessError, "only a KAM Manager"):
            partner.with_user(self.specialist).with_context(
                key_account_tier_reason="why not"
            ).write({"key_account_tier_id": self.tier_a.id})
        self.assertEqual(partner.key_account_tier_id, self.tier_b)
