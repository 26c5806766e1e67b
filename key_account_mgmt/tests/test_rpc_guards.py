from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_goods import KeyAccountGoodsCase

MODULE = "key_account_mgmt"
# Odoo's own fields the addon guards too: the order amounts decide the approval band.
GUARDED_ODOO_FIELDS = {
    "sale.order": {"amount_untaxed", "amount_tax", "amount_total"},
    "sale.order.line": {"price_subtotal", "price_tax", "price_total"},
}


def derived_fields(env):
    """(model name, field) of every stored computed or related readonly field of the
    addon's models, of the fields the addon adds to Odoo's models, and of the guarded
    Odoo fields above: walked from the registry, so a new field is covered at once."""
    for model_name in sorted(env.registry.models):
        Model = env[model_name]
        if Model._abstract:
            continue
        own = Model._original_module == MODULE
        for name, field in Model._fields.items():
            if not (field.store and (field.compute or field.related)):
                continue
            if field.inverse or not field.readonly:
                continue  # deliberately editable: validated by its own constraints
            if (
                own
                or MODULE in (field._modules or ())
                or name in GUARDED_ODOO_FIELDS.get(model_name, ())
            ):
                yield model_name, field


class KeyAccountDocumentsCase(KeyAccountGoodsCase):
    """A key account with a document of every kind (order, visit, gift, symposium, release)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order(cls.account)
        person = cls.env["res.partner"].create({"name": "Ms Guard", "parent_id": cls.account.id})
        contact = cls.env["key.account.contact"].create(
            {"partner_id": cls.account.id, "contact_id": person.id, "role": "purchaser"}
        )
        cls.env["key.account.competitor"].create({"partner_id": cls.account.id, "name": "Rival"})
        visit = cls.env["key.account.visit"].create(
            {
                "partner_id": cls.account.id,
                "name": "Guarded visit",
                "planned_date": fields.Datetime.now(),
            }
        )
        cls.env["key.account.visit.next.step"].create(
            {"visit_id": visit.id, "name": "Call back", "user_id": cls.specialist.id}
        )
        cls.env["key.account.contact.log"].create(
            {"partner_id": cls.account.id, "topic": "Phone call"}
        )
        cls._confirm(cls._order(cls.account, qty=1))
        cls.env["key.account.symposium"].create(
            {
                "name": "Guarded symposium",
                "date": "2030-11-20 01:00:00",
                "invitee_ids": [Command.create({"partner_id": cls.account.id})],
            }
        )
        cls.env["key.account.gift.request"].create(
            {
                "partner_id": cls.account.id,
                "recipient_id": contact.id,
                "product_id": cls.product.id,
                "quantity": 1,
                "occasion": "spring_festival",
                "reason": "Spring Festival greetings",
            }
        )
        hold = (
            cls.env["key.account.stock.hold"]
            .with_user(cls.users["office"])
            .create({"partner_id": cls.account.id, "product_id": cls.product.id, "quantity": 8})
        )
        hold.action_hold()
        cls.env["key.account.stock.release"].create(
            {
                "partner_id": cls.account.id,
                "product_id": cls.product.id,
                "quantity": 5,
                "reason": "Urgent order of another account",
            }
        )
        complaint = cls.env["key.account.complaint"].create(
            {"partner_id": person.id, "description": "<p>Guarded complaint</p>"}
        )
        cls.env["key.account.complaint.rework"].create(
            {"complaint_id": complaint.id, "product_id": cls.product.id, "quantity": 1}
        )
        # complaint intake (issue 12): a waiting period and the contact's rating request
        complaint.sudo().action_wait_customer(note="Guarded wait")
        complaint.sudo()._rating_get_access_token(partner=person)
        # sales plans (issue 13): a draft plan of an account manager
        cls.env["key.account.sales.plan"].create(
            {
                "scope": "user",
                "user_id": cls.specialist.id,
                "period_type": "quarter",
                "date_from": "2026-01-01",
                "planned_sales": 1000,
            }
        )
        # scorecards (issue 13): the quarter's scorecards of the company's managers
        cls.env["key.account.scorecard"]._snapshot_group(
            cls.env.company, date(2026, 1, 1), date(2026, 3, 31)
        )
        # rebates (issue 13): a scheme, its settlement and a line
        scheme = cls.env["key.account.rebate.scheme"].create(
            {"name": "Guarded Rebate", "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        settlement = cls.env["key.account.rebate.settlement"].create({"scheme_id": scheme.id})
        cls.env["key.account.rebate.settlement.line"].create(
            {"settlement_id": settlement.id, "partner_id": cls.account.id}
        )
        # last, so that it is the application probed: a draft its KAM manager may edit
        prospect = cls.env["res.partner"].create({"name": "Prospect Ltd", "is_company": True})
        cls._make_application(prospect)


@tagged("post_install", "-at_install")
class TestRpcGuards(KeyAccountDocumentsCase):
    """No stored computed or related field is writable over RPC by a non-admin user."""

    def _forged_value(self, record, field):
        """A well-formed value different from the field's current one."""
        current = record[field.name]
        if field.type in ("char", "text", "html"):
            return "forged"
        if field.type in ("integer", "float", "monetary"):
            return 424242
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return "2001-02-03"
        if field.type == "datetime":
            return "2001-02-03 04:05:06"
        if field.type == "selection":
            values = [v for v, _label in field._description_selection(self.env)]
            return next((v for v in values if v != current), values[0])
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1)
            return (other or current).id
        # x2many: replace the derived set by an empty one
        return [Command.set([])]

    def test_derived_fields_are_not_writable(self):
        """Writing or creating with a derived field is refused, for a KAM manager and a
        plain salesman, and nothing is written."""
        checked = 0
        for model_name, field in derived_fields(self.env):
            record = self.env[model_name].search([], limit=1, order="id desc")
            with self.subTest(model=model_name, field=field.name):
                self.assertTrue(record, f"no {model_name} record to probe {field.name} on")
                # refused by the guard itself, whatever other rule (access, state) refuses first
                self.assertIn(field.name, self.env[model_name]._kam_guarded_fields)
                value = self._forged_value(record, field)
                before = record[field.name]
                count = self.env[model_name].search_count([])
                for user in (self.manager, self.plain_user):
                    with self.assertRaises(UserError, msg=user.login):
                        record.with_user(user).write({field.name: value})
                    record.invalidate_recordset()
                    self.assertEqual(record[field.name], before, user.login)
                    with self.assertRaises(UserError, msg=user.login):
                        self.env[model_name].with_user(user).create({field.name: value})
                    self.assertEqual(self.env[model_name].search_count([]), count, user.login)
                checked += 1
        # the walk reaches the addon's models and the fields it adds to Odoo's
        self.assertGreater(checked, 20)

    def test_guard_names_the_field(self):
        """The refusal names the field by its label and the rule; the KAM manager's forged
        order total, approval state and visit date are not written."""
        visit = self.env["key.account.visit"].search([("partner_id", "=", self.account.id)])
        for record, fname, value in (
            (self.order, "amount_total", 1.0),
            (self.order, "approval_state", "approved"),
            (visit, "date", "2001-02-03 04:05:06"),
        ):
            before = record[fname]
            label = record._fields[fname].string
            with self.assertRaisesRegex(AccessError, f"“{label}”.*computed by the application"):
                record.with_user(self.manager).write({fname: value})
            record.invalidate_recordset()
            self.assertEqual(record[fname], before)

    def test_superuser_code_still_sets_derived_fields(self):
        """The addon's own code (superuser environment) may still set a derived field."""
        self.order.with_user(self.manager).sudo().write({"amount_total": 1.0})
        self.assertEqual(self.order.amount_total, 1.0)


@tagged("post_install", "-at_install")
class TestEditableDerivedFields(KeyAccountGoodsCase):
    """Computed fields a user deliberately edits are validated on create and write."""

    def test_feedback_names_a_key_account_user(self):
        """A KAM manager cannot file feedback about a plain salesman or re-point it to one."""
        Feedback = self.env["key.account.manager.feedback"].with_user(self.director)
        vals = {"partner_id": self.account.id, "feedback": "Helpful", "rating": "4"}
        with self.assertRaisesRegex(ValidationError, "Account Manager: .* is not a key-account"):
            Feedback.create({**vals, "account_manager_id": self.plain_user.id})
        feedback = Feedback.create(vals)
        self.assertEqual(feedback.account_manager_id, self.specialist)
        with self.assertRaisesRegex(ValidationError, "Account Manager: .* is not a key-account"):
            feedback.write({"account_manager_id": self.plain_user.id})
        self.assertEqual(feedback.account_manager_id, self.specialist)
