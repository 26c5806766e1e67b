import base64
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import GROUPS
from .test_sale_approval import SaleApprovalCase


class ApprovalIntegrityCase(SaleApprovalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stand_in = new_test_user(
            cls.env, login="kam_stand_in_9", groups="base.group_user," + GROUPS["specialist"]
        )
        cls.today = fields.Date.context_today(cls.env["res.users"])

    def _delegate(self, delegator, delegate, date_from=None, date_to=None, user=None):
        vals = {
            "delegator_id": delegator.id,
            "delegate_id": delegate.id,
            "date_from": date_from or self.today,
            "date_to": date_to or self.today + timedelta(days=5),
            "reason": "Travelling",
            "attachment_ids": [
                Command.create({"name": "authorisation.pdf", "datas": base64.b64encode(b"signed")})
            ],
        }
        return self.env["key.account.delegation"].with_user(user or delegator).create(vals)

    def _snapshot(self, delegation):
        return delegation.sudo().read(
            ["delegator_id", "delegate_id", "date_from", "date_to", "active", "company_id"]
        )


@tagged("post_install", "-at_install")
class TestDelegationIntegrity(ApprovalIntegrityCase):
    """A delegation is changed only by its delegator or a KAM director, within its rules."""

    def test_delegate_cannot_repoint_delegator(self):
        """The delegate rewrites delegator_id to the sales director over RPC: refused."""
        delegation = self._delegate(self.deputy, self.stand_in)
        before = self._snapshot(delegation)
        for target in (self.salesdir, self.dept, self.deputy):
            with self.assertRaises(AccessError):
                delegation.with_user(self.stand_in).write({"delegator_id": target.id})
        self.assertEqual(self._snapshot(delegation), before)
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        with self.assertRaisesRegex(AccessError, "no valid written delegation"):
            order.with_user(self.stand_in).action_approval_approve()
        self.assertEqual(self._pending(order).sequence, 1)

    def test_specialist_cannot_repoint_own_delegation(self):
        """A specialist's own delegation cannot be re-pointed to another delegator."""
        delegation = self._delegate(self.salesman, self.stand_in)
        before = self._snapshot(delegation)
        with self.assertRaisesRegex(AccessError, "your own approvals"):
            delegation.with_user(self.salesman).write({"delegator_id": self.salesdir.id})
        self.assertEqual(self._snapshot(delegation), before)

    def test_delegate_cannot_extend_expired_delegation(self):
        """The delegate writes date_to of an expired delegation: refused, still expired."""
        expired = self._delegate(
            self.deputy, self.stand_in, self.today - timedelta(days=10), self.today - timedelta(1)
        )
        before = self._snapshot(expired)
        for vals in (
            {"date_to": self.today + timedelta(days=30)},
            {"date_from": self.today - timedelta(days=30)},
            {"active": False},
            {"reason": "mine now"},
        ):
            with self.assertRaises(AccessError):
                expired.with_user(self.stand_in).write(vals)
        with self.assertRaises(AccessError):
            expired.with_user(self.stand_in).unlink()
        # the record rules say the same as the server's write()
        with self.assertRaises(AccessError):
            expired.with_user(self.stand_in).check_access("write")
        expired.with_user(self.deputy).check_access("write")
        self.assertEqual(self._snapshot(expired), before)
        self.assertNotIn(
            self.deputy, self.env["key.account.delegation"]._delegators_of(self.stand_in)
        )

    def test_stranger_cannot_change_delegation(self):
        """A user who neither gave nor received it cannot read or change it."""
        delegation = self._delegate(self.deputy, self.stand_in)
        before = self._snapshot(delegation)
        with self.assertRaises(AccessError):
            delegation.with_user(self.manager).write({"delegate_id": self.manager.id})
        with self.assertRaises(AccessError):
            delegation.with_user(self.manager).unlink()
        self.assertEqual(self._snapshot(delegation), before)

    def test_rules_hold_on_write(self):
        """Self, reversed dates, no authorisation, cycles: refused on write as on create."""
        delegation = self._delegate(self.deputy, self.stand_in)
        other = self._delegate(self.stand_in, self.dept)
        before = self._snapshot(delegation)
        deputy = delegation.with_user(self.deputy)
        with self.assertRaisesRegex(ValidationError, "yourself"):
            deputy.write({"delegate_id": self.deputy.id})
        with self.assertRaisesRegex(ValidationError, "must not be before"):
            deputy.write({"date_to": self.today - timedelta(days=1)})
        with self.assertRaisesRegex(ValidationError, "Written Authorisation"):
            deputy.write({"attachment_ids": [Command.clear()]})
        with self.assertRaisesRegex(ValidationError, "Reason"):
            deputy.write({"reason": " "})
        with self.assertRaisesRegex(ValidationError, "cycle"):
            other.with_user(self.stand_in).write({"delegate_id": self.deputy.id})
        self.assertEqual(self._snapshot(delegation), before)
        # the delegator may change his own delegation within the rules
        deputy.write({"date_to": self.today + timedelta(days=9)})
        self.assertEqual(delegation.date_to, self.today + timedelta(days=9))

    def test_delegate_form_is_read_only(self):
        """The form shows the delegation read-only to its delegate, editable to its delegator."""
        delegation = self._delegate(self.deputy, self.stand_in)
        self.assertFalse(delegation.with_user(self.stand_in).can_change)
        self.assertTrue(delegation.with_user(self.deputy).can_change)
        self.assertTrue(delegation.with_user(self.director).can_change)

    def test_director_repoints_within_rules(self):
        """A KAM director may re-point a delegation, but not outside the rules."""
        delegation = self._delegate(self.deputy, self.stand_in)
        as_director = delegation.with_user(self.director)
        with self.assertRaisesRegex(ValidationError, "yourself"):
            as_director.write({"delegator_id": self.stand_in.id})
        as_director.write({"delegator_id": self.salesdir.id})
        self.assertEqual(delegation.delegator_id, self.salesdir)


@tagged("post_install", "-at_install")
class TestApprovalDocumentAccess(ApprovalIntegrityCase):
    """A decision needs the acting user's access to the document itself (company, rules)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.env["res.company"].create({"name": "KAM Company 2"})
        cls.env.ref("key_account_mgmt.approval_rule_sale_medium").copy(
            {"company_id": cls.company2.id, "name": "Company 2 orders of 100,000 to 300,000"}
        )
        cls.salesman2 = new_test_user(
            cls.env,
            login="kam_salesman_c2",
            groups="base.group_user," + GROUPS["specialist"],
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.dept_c2 = new_test_user(
            cls.env,
            login="kam_dept_c2",
            groups="base.group_user," + GROUPS["dept"],
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.order2 = (
            cls.env["sale.order"]
            .with_company(cls.company2)
            .create(
                {
                    "partner_id": cls.account.id,
                    "user_id": cls.salesman2.id,
                    "company_id": cls.company2.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 150_000,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        cls.order2.with_user(cls.salesman2).with_company(cls.company2).action_approval_request()

    def test_other_company_cannot_decide_by_id(self):
        """A company-1 department user approves or rejects a company-2 order by id: refused."""
        step = self._pending(self.order2)
        self.assertEqual(step.company_id, self.company2)
        order = self.order2.with_user(self.dept)
        with self.assertRaises(AccessError):
            order.action_approval_approve()
        with self.assertRaises(AccessError):
            order.action_approval_reject(reason="No")
        with self.assertRaises(AccessError):
            order.action_approval_reject()
        with self.assertRaises(AccessError):
            step.with_user(self.dept).action_approve()
        with self.assertRaises(AccessError):
            step.with_user(self.dept).action_reject()
        with self.assertRaises(AccessError):
            step.with_user(self.dept).action_open_document()
        wizard = (
            self.env["key.account.approval.reject"]
            .with_user(self.dept)
            .create({"res_model": "sale.order", "res_ids": str(self.order2.ids), "reason": "x"})
        )
        with self.assertRaises(AccessError):
            wizard.action_reject()
        with self.assertRaises(AccessError):
            self.order2.with_user(self.dept).action_approval_request()
        self.assertEqual(step.state, "pending")
        self.assertFalse(step.decided_by_id)
        self.assertEqual(self.order2.approval_state, "pending")
        # the company's own department decides it
        self.order2.with_user(self.dept_c2).with_company(self.company2).action_approval_approve()
        self.assertEqual(step.decided_by_id, self.dept_c2)

    def test_other_company_application_by_id(self):
        """A company-1 department user approves a company-2 application by id: refused."""
        self.env.ref("key_account_mgmt.approval_rule_application").copy(
            {"company_id": self.company2.id, "name": "Company 2 applications"}
        )
        team2 = self.env["crm.team"].create({"name": "Office 2", "company_id": self.company2.id})
        tier2 = self.env["key.account.tier"].create(
            {"name": "Grade B2", "code": "B2", "company_id": self.company2.id}
        )
        partner = self.env["res.partner"].create({"name": "Far Customer", "is_company": True})
        app = (
            self.env["key.account.application"]
            .with_company(self.company2)
            .create(
                self._application_vals(
                    partner,
                    account_manager_id=self.salesman2.id,
                    team_id=team2.id,
                    company_id=self.company2.id,
                    requested_tier_id=tier2.id,
                )
            )
        )
        self._attach_all(app)
        app.action_submit()
        step = app.approval_ids.filtered(lambda s: s.state == "pending")
        self.assertEqual(step.company_id, self.company2)
        with self.assertRaises(AccessError):
            app.with_user(self.dept).action_approval_approve()
        with self.assertRaises(AccessError):
            step.with_user(self.dept).action_approve()
        with self.assertRaises(AccessError):
            app.with_user(self.dept).action_approval_reject(reason="No")
        self.assertEqual((step.state, app.state), ("pending", "submitted"))
        self.assertFalse(partner.is_key_account)

    def test_delegate_of_other_company(self):
        """The delegate of a company-1 department user cannot decide a company-2 step."""
        self._delegate(self.dept, self.stand_in)
        step = self._pending(self.order2)
        with self.assertRaises(AccessError):
            step.with_user(self.stand_in).action_approve()
        with self.assertRaises(AccessError):
            self.order2.with_user(self.stand_in).action_approval_approve()
        self.assertEqual((step.state, step.decided_by_id.id), ("pending", False))

    def test_salesman_cannot_request_an_order_he_cannot_read(self):
        """Requesting approval of another salesperson's order by id is refused."""
        order = self._order(150_000, user=self.salesman)
        with self.assertRaises(AccessError):
            order.with_user(self.stand_in).action_approval_request()
        self.assertFalse(order.approval_ids)

    def test_delegate_rejects_from_his_list(self):
        """A delegate who cannot read the order rejects his delegator's step via the wizard."""
        self._delegate(self.deputy, self.stand_in)
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        step = self._pending(order)
        with self.assertRaises(AccessError):
            order.with_user(self.stand_in).check_access("read")
        action = step.with_user(self.stand_in).action_reject()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.stand_in)
            .with_context(**action["context"])
            .create({"reason": "Over budget"})
        )
        wizard.action_reject()
        self.assertEqual(
            (step.state, step.decided_by_id, step.on_behalf_of_id),
            ("rejected", self.stand_in, self.deputy),
        )


@tagged("post_install", "-at_install")
class TestApprovalOwnDocumentDelegation(ApprovalIntegrityCase):
    """An account manager who is also the office manager has his delegate sign (S2)."""

    def test_delegate_of_office_manager_signs_his_order(self):
        """The office manager's own small order: his written delegate signs on his behalf."""
        order = self._order(50_000, user=self.office_manager)
        order.with_user(self.office_manager).action_approval_request()
        step = self._pending(order)
        self.assertEqual(step.approver_user_id, self.office_manager)
        with self.assertRaisesRegex(AccessError, "your own document"):
            order.with_user(self.office_manager).action_approval_approve()
        self._delegate(self.office_manager, self.stand_in)
        step.with_user(self.stand_in).action_approve()
        self.assertEqual(
            (step.state, step.decided_by_id, step.on_behalf_of_id),
            ("done", self.stand_in, self.office_manager),
        )
        self.assertEqual(self._pending(order).kind, "approve")

    def test_group_step_of_own_document_not_delegated(self):
        """On a group step others can decide: the owner's delegate cannot decide for him."""
        order = self._order(150_000, user=self.dept)
        order.with_user(self.dept).action_approval_request()
        self._delegate(self.dept, self.stand_in)
        with self.assertRaisesRegex(AccessError, "no valid written delegation"):
            self._pending(order).with_user(self.stand_in).action_approve()
        self.assertEqual(self._pending(order).sequence, 1)


@tagged("post_install", "-at_install")
class TestApprovalSeparationOfDuties(ApprovalIntegrityCase):
    """One person decides at most one step of a chain, unless the rule allows it."""

    def _signed_by_dept(self):
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        return order

    def test_director_refused_on_second_step(self):
        """The sales director signs as deputy, then cannot approve as director."""
        order = self._signed_by_dept()
        order.with_user(self.salesdir).action_approval_approve()
        self.assertEqual(self._pending(order).sequence, 3)
        # not in his "To Approve" list, no to-do for him
        self.assertFalse(order.with_user(self.salesdir).approval_can_review)
        self.assertFalse(self._pending(order).with_user(self.salesdir).can_review)
        self.assertNotIn(self.salesdir, order.activity_ids.user_id)
        with self.assertRaisesRegex(AccessError, "already decided Step 2/3 Sign"):
            order.with_user(self.salesdir).action_approval_approve()
        with self.assertRaisesRegex(AccessError, "already decided Step 2/3 Sign"):
            self._pending(order).with_user(self.salesdir).action_approve()
        with self.assertRaisesRegex(AccessError, "already decided Step 2/3 Sign"):
            order.with_user(self.salesdir).action_approval_reject(reason="no")
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(self._pending(order).sequence, 3)
        salesdir2 = new_test_user(
            self.env, login="kam_salesdir_2", groups="base.group_user," + GROUPS["salesdir"]
        )
        order.with_user(salesdir2).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_allowed_when_rule_says_so(self):
        """With 'Same person may decide several steps' on the rule, he may."""
        rule = self.env.ref("key_account_mgmt.approval_rule_sale_large")
        self.assertFalse(rule.allow_same_decider)
        with self.assertRaises(AccessError):
            rule.with_user(self.salesdir).write({"allow_same_decider": True})
        rule.with_user(self.director).write({"allow_same_decider": True})
        order = self._signed_by_dept()
        order.with_user(self.salesdir).action_approval_approve()
        self.assertTrue(order.with_user(self.salesdir).approval_can_review)
        order.with_user(self.salesdir).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_through_a_delegation(self):
        """Deciding a second step on behalf of someone else, or of oneself, is refused."""
        order = self._signed_by_dept()
        order.with_user(self.deputy).action_approval_approve()
        self._delegate(self.salesdir, self.deputy)
        with self.assertRaisesRegex(AccessError, "already decided Step 2/3 Sign"):
            order.with_user(self.deputy).action_approval_approve()
        # the director signed as deputy: his delegate cannot approve for him either
        order2 = self._signed_by_dept()
        order2.with_user(self.salesdir).action_approval_approve()
        self._delegate(self.salesdir, self.stand_in)
        with self.assertRaisesRegex(AccessError, "already decided Step 2/3 Sign"):
            order2.with_user(self.stand_in).action_approval_approve()
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(order2.approval_state, "pending")
        self.assertFalse(self._pending(order2).decided_by_id)


@tagged("post_install", "-at_install")
class TestApprovalBadInput(ApprovalIntegrityCase):
    """Wrong arguments to the engine's public methods give a clean error, nothing decided."""

    def test_non_string_reason_and_comment(self):
        """reason / comment that are not text, unknown arguments: UserError."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        step = self._pending(order)
        as_dept = order.with_user(self.dept)
        for reason in (123, ["no"], {"a": 1}, True):
            with self.assertRaisesRegex(UserError, "reason"):
                as_dept.action_approval_reject(reason=reason)
        with self.assertRaisesRegex(UserError, "comment"):
            as_dept.action_approval_approve(comment=42)
        with self.assertRaisesRegex(UserError, "unknown argument"):
            as_dept.action_approval_approve(bogus=1)
        with self.assertRaisesRegex(UserError, "unknown argument"):
            step.with_user(self.dept).action_reject(reason="x")
        with self.assertRaisesRegex(UserError, "unknown argument"):
            step.with_user(self.dept).action_approve(comment="x")
        self.assertEqual((step.state, step.decided_by_id.id), ("pending", False))

    def test_reject_wizard_checks_its_documents(self):
        """The reject wizard's model and ids are validated: UserError, nothing decided."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        Wizard = self.env["key.account.approval.reject"].with_user(self.dept)
        bad = [
            ("res.partner", str(self.account.ids), "Document Model"),
            ("no.such.model", "[1]", "Document Model"),
            ("key.account.approval.mixin", "[1]", "Document Model"),
            ("key.account.approval.reject", "[1]", "Document Model"),
            ("sale.order", "foo", "Documents"),
            ("sale.order", "__import__('os')", "Documents"),
            ("sale.order", "[1, 'a']", "Documents"),
            ("sale.order", "{1: 2}", "Documents"),
            ("sale.order", "[]", "Documents"),
            ("sale.order", "[True]", "Documents"),
            ("sale.order", "[", "Documents"),
            ("sale.order", "[999999999]", "no longer exist"),
        ]
        for res_model, res_ids, message in bad:
            wizard = Wizard.create({"res_model": res_model, "res_ids": res_ids, "reason": "x"})
            with self.assertRaisesRegex(UserError, message):
                wizard.action_reject()
        self.assertEqual(self._pending(order).state, "pending")
        # a document the user cannot read
        other = self._order(150_000, user=self.salesman)
        other.with_user(self.salesman).action_approval_request()
        wizard = (
            self.env["key.account.approval.reject"]
            .with_user(self.stand_in)
            .create({"res_model": "sale.order", "res_ids": str(other.ids), "reason": "x"})
        )
        with self.assertRaises(AccessError):
            wizard.action_reject()
        self.assertEqual(other.approval_state, "pending")
        # the valid path still works
        Wizard.create(
            {"res_model": "sale.order", "res_ids": str(order.ids), "reason": "Too cheap"}
        ).action_reject()
        self.assertEqual(order.approval_state, "rejected")


@tagged("post_install", "-at_install")
class TestApprovalDelegationDates(ApprovalIntegrityCase):
    """An expired delegation decides nothing, even after the delegate's attempts."""

    def test_expired_delegation_stays_expired(self):
        """The delegate cannot decide with an expired delegation he tried to extend."""
        delegation = self._delegate(self.deputy, self.stand_in, date(2020, 1, 1), date(2020, 1, 5))
        with self.assertRaises(AccessError):
            delegation.with_user(self.stand_in).write({"date_to": date(2099, 1, 1)})
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        with self.assertRaisesRegex(AccessError, "no valid written delegation"):
            order.with_user(self.stand_in).action_approval_approve()
        self.assertEqual(delegation.date_to, date(2020, 1, 5))
