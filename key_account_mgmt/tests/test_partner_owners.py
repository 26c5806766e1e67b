from psycopg2.errors import CheckViolation

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestTierReasonNotFromContext(KeyAccountCase):
    """A tier change's reason comes from the Change Tier wizard, never from a context key."""

    def _history(self, partner):
        return self.env["key.account.tier.history"].search([("partner_id", "=", partner.id)])

    def test_old_context_key_has_no_effect(self):
        """A KAM manager's direct write with the old reason context key is refused."""
        partner = self._make_key_account()
        history = self._history(partner)
        for key in ("key_account_tier_reason", "key_account_tier_change"):
            with self.assertRaisesRegex(UserError, "needs a reason"):
                partner.with_user(self.manager).with_context(**{key: "Forged reason"}).write(
                    {"key_account_tier_id": self.tier_c.id}
                )
            self.assertEqual(partner.key_account_tier_id, self.tier_b)
            self.assertEqual(self._history(partner), history)

    def test_wizard_reason_reaches_history(self):
        """The same manager changes the tier through the wizard, with its reason."""
        partner = self._make_key_account()
        wizard = (
            self.env["key.account.tier.change"]
            .with_user(self.manager)
            .with_context(key_account_tier_reason="Forged reason")
            .create({"partner_id": partner.id, "new_tier_id": self.tier_c.id, "reason": "Late"})
        )
        wizard.action_confirm()
        self.assertEqual(partner.key_account_tier_id, self.tier_c)
        self.assertEqual(self._history(partner)[0].reason, "Late")


@tagged("post_install", "-at_install")
class TestCompanySettingsValidated(KeyAccountCase):
    """Every addon setting is validated on res.company itself, whoever writes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # write access to companies without being a settings administrator
        cls.rights_admin = new_test_user(
            cls.env, login="kam_rights_admin", groups="base.group_user,base.group_erp_manager"
        )

    def test_direct_write_refused_for_bad_values(self):
        """A direct write to the company with a bad value is refused, naming the setting."""
        company = self.company.with_user(self.rights_admin)
        customers = self.env.ref("stock.stock_location_customers")
        cases = (
            ("key_account_review_interval_days", 0, "Key Account Review Period"),
            ("key_account_review_interval_days", -5, "Key Account Review Period"),
            ("key_account_acceptance_days", 0, "Office Acceptance Period"),
            ("key_account_gift_recipient_cap", -1, "Yearly Gift Cap per Recipient"),
            ("key_account_gift_location_id", customers.id, "Gift Stock Location"),
        )
        before = self.company.read([fname for fname, _value, _label in cases])[0]
        for fname, value, label in cases:
            with self.assertRaisesRegex(ValidationError, label):
                company.write({fname: value})
        self.assertEqual(self.company.read(list(before))[0], before)
        company.write({"key_account_review_interval_days": 30, "key_account_acceptance_days": 2})
        self.assertEqual(self.company.key_account_review_interval_days, 30)
        self.assertEqual(self.company.key_account_acceptance_days, 2)

    def test_database_refuses_bad_values(self):
        """The settings' SQL CHECKs refuse what slips past the ORM."""
        for column in (
            "key_account_review_interval_days = 0",
            "key_account_acceptance_days = -1",
            "key_account_gift_recipient_cap = -1",
        ):
            with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
                self.env.cr.execute(
                    f"UPDATE res_company SET {column} WHERE id = %s",
                    (self.company.id,),
                )


@tagged("post_install", "-at_install")
class TestSqlChecks(KeyAccountCase):
    """Stored figures that cannot be negative are refused by the database (SQL CHECK)."""

    def test_partner_credit_score_range(self):
        """A KAM manager's write of a credit score outside 0-100 is refused."""
        partner = self._make_key_account()
        score = partner.sudo().credit_score
        for value in (150, -1):
            with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
                partner.with_user(self.manager).write({"credit_score": value})
                partner.env.flush_all()
            self.assertEqual(partner.sudo().credit_score, score)
        partner.with_user(self.manager).write({"credit_score": 100})
        self.assertEqual(partner.sudo().credit_score, 100)

    def test_tier_figures_not_negative(self):
        """The KAM director cannot give a tier a negative revenue band, interval or budget."""
        tier = self.tier_c.with_user(self.director)
        before = self.tier_c.read(["revenue_min", "visit_interval_days", "gift_budget"])[0]
        for vals in ({"revenue_min": -1}, {"visit_interval_days": -1}, {"gift_budget": -10}):
            with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
                tier.write(vals)
                tier.env.flush_all()
        self.assertEqual(self.tier_c.read(list(before))[0], before)

    def test_checks_exist(self):
        """The CHECKs are in the database."""
        self.env.cr.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid IN "
            "('res_partner'::regclass, 'key_account_tier'::regclass, "
            "'res_company'::regclass)"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        for name in (
            "res_partner_key_account_credit_score_range",
            "res_partner_key_account_gift_budget_own_not_negative",
            "key_account_tier_revenue_not_negative",
            "res_company_key_account_review_interval_positive",
        ):
            self.assertIn(name, names)
