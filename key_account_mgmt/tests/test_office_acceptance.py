from datetime import datetime

from freezegun import freeze_time

from odoo import sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_held_stock import KeyAccountHeldStockCase


@tagged("post_install", "-at_install")
class TestOfficeAcceptance(KeyAccountHeldStockCase):
    """Receipts into an office's key-account warehouse wait for the office's acceptance."""

    def _cron(self, when, **kwargs):
        with freeze_time(when):
            return self.env["stock.picking"]._cron_key_account_tacit_acceptance(**kwargs)

    def test_receipt_awaits_acceptance(self):
        """A validated receipt into the office warehouse is awaiting, with its deadline."""
        picking = self._receive()  # 2026-03-02 23:59 in Shanghai
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.assertEqual(picking.key_account_office_id, self.office)
        self.assertEqual(picking.key_account_received_date, datetime(2026, 3, 2, 15, 59))
        # end of the 3rd day after 2 March, Shanghai time = 6 March 00:00 CST
        self.assertEqual(picking.key_account_acceptance_deadline, datetime(2026, 3, 5, 16, 0))
        self.assertIn("awaiting the office's acceptance", picking.message_ids[0].body)
        self.assertIn("2026-03-05 23:59:59", picking.message_ids[0].body)

    def test_other_transfers_are_no_office_receipts(self):
        """Receipts elsewhere and transfers inside the office warehouse need no acceptance."""
        elsewhere = self._receive(warehouse=self.main_warehouse)
        self.assertFalse(elsewhere.key_account_acceptance_state)
        self._put_in_stock(5)
        inside = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "move",
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        },
                    )
                ],
            }
        )
        inside.action_confirm()
        inside.move_ids.quantity = 1
        inside.button_validate()
        self.assertEqual(inside.state, "done")
        self.assertFalse(inside.key_account_acceptance_state)

    def test_boundary_two_days_23h_vs_three_days_one_minute(self):
        """Received 23:59 local: 2 days 23 h later it still waits; 3 days 1 minute later
        (past the end of the third day) the job accepts it."""
        picking = self._receive(when="2026-03-02 15:59:00")
        self.assertEqual(self._cron("2026-03-05 14:59:00"), 0)  # + 2 d 23 h
        self.assertEqual(self._cron("2026-03-05 15:59:59"), 0)  # last second of day 3
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.assertEqual(self._cron("2026-03-05 16:00:00"), 1)  # + 3 d 1 min: day 4 00:00
        self.assertEqual(picking.key_account_acceptance_state, "accepted")
        self.assertEqual(picking.key_account_acceptance_mode, "tacit")
        self.assertEqual(picking.key_account_accepted_date, datetime(2026, 3, 5, 16, 0))
        self.assertIn("Accepted tacitly", picking.message_ids[0].body)

    def test_timezone_edge(self):
        """The day of receipt is the company's: 17:30 UTC on 1 March is 2 March in Shanghai."""
        picking = self._receive(when="2026-03-01 17:30:00")
        self.assertEqual(picking.key_account_acceptance_deadline, datetime(2026, 3, 5, 16, 0))
        # in UTC days it would be due on 5 March 00:00 UTC; in Shanghai it is not yet
        self.assertEqual(self._cron("2026-03-05 08:00:00"), 0)
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.assertEqual(self._cron("2026-03-05 16:01:00"), 1)
        # the same receipt in a company on UTC is due a day earlier (local midnight)
        self.company.partner_id.tz = "UTC"
        utc_picking = self._receive(when="2026-03-01 17:30:00")
        self.assertEqual(utc_picking.key_account_acceptance_deadline, datetime(2026, 3, 5, 0, 0))

    def test_configured_period(self):
        """The period is the company setting; it must be at least one day."""
        self.company.key_account_acceptance_days = 1
        picking = self._receive(when="2026-03-02 03:00:00")  # 11:00 CST
        self.assertEqual(picking.key_account_acceptance_deadline, datetime(2026, 3, 3, 16, 0))
        with self.assertRaisesRegex(ValidationError, "Office Acceptance Period"):
            self.company.write({"key_account_acceptance_days": 0})
        settings = Form(self.env["res.config.settings"])
        settings.key_account_acceptance_days = 5
        settings.save().execute()
        self.assertEqual(self.company.key_account_acceptance_days, 5)

    def test_objection_through_wizard_blocks_tacit_acceptance(self):
        """The office manager objects with a reason; the job then leaves the receipt alone."""
        picking = self._receive()
        office_user = self.users["office"]
        with freeze_time("2026-03-04 02:00:00"):
            action = picking.with_user(office_user).action_key_account_object()
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(office_user)
                .with_context(**action["context"])
            )
            wizard.reason = "3 bags torn, 2 missing"
            wizard.save().action_object()
        self.assertEqual(picking.key_account_acceptance_state, "objected")
        self.assertEqual(picking.key_account_objection_reason, "3 bags torn, 2 missing")
        self.assertEqual(picking.key_account_objected_by_id, office_user)
        self.assertIn("3 bags torn", picking.message_ids[0].body)
        self.assertEqual(self._cron("2026-03-10 00:00:00"), 0)
        self.assertEqual(picking.key_account_acceptance_state, "objected")
        # once settled, the office accepts the goods explicitly
        with freeze_time("2026-03-11 00:00:00"):
            picking.with_user(self.manager).action_key_account_accept()
        self.assertEqual(picking.key_account_acceptance_state, "accepted")
        self.assertEqual(picking.key_account_acceptance_mode, "explicit")
        self.assertEqual(picking.key_account_accepted_by_id, self.manager)

    def test_objection_rules(self):
        """A reason is required, the period must not be over, the receipt must wait."""
        picking = self._receive()
        office_user = self.users["office"]
        with self.assertRaisesRegex(UserError, "needs a reason"):
            picking.with_user(office_user).action_key_account_object(reason="   ")
        wizard = Form(
            self.env["key.account.receipt.objection"]
            .with_user(office_user)
            .with_context(default_picking_ids=picking.ids)
        )
        with self.assertRaises(AssertionError):  # required reason in the form
            wizard.save()
        with freeze_time("2026-03-05 16:00:00"), self.assertRaisesRegex(UserError, "ended on"):
            picking.with_user(office_user).action_key_account_object(reason="late")
        elsewhere = self._receive(warehouse=self.main_warehouse)
        with self.assertRaisesRegex(UserError, "not awaiting acceptance"):
            elsewhere.with_user(self.dept).action_key_account_object(reason="x")
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")

    def test_who_may_object_or_accept(self):
        """The office's manager and members and the KAM department; nobody else."""
        picking = self._receive()
        outsider = new_test_user(
            self.env,
            login="kam_far_specialist",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        for user in (self.plain_user, self.stock_user, outsider, self.specialist):
            with freeze_time("2026-03-03"), self.assertRaises(AccessError, msg=user.login):
                picking.with_user(user).action_key_account_object(reason="no")
            with self.assertRaises(AccessError, msg=user.login):
                picking.with_user(user).action_key_account_accept()
        with freeze_time("2026-03-03"):
            picking.with_user(self.dept).action_key_account_object(reason="checked by dept")
        self.assertEqual(picking.key_account_acceptance_state, "objected")

    def test_acceptance_fields_not_writable(self):
        """No RPC write or create sets the acceptance, not even a stock manager's."""
        picking = self._receive()
        for user in (self.stock_user, self.stock_manager, self.users["office"], self.director):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                picking.with_user(user).write({"key_account_acceptance_state": "accepted"})
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                picking.with_user(user).write({"key_account_acceptance_deadline": "2030-01-01"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["stock.picking"].with_user(self.stock_user).create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "key_account_acceptance_state": "accepted",
                }
            )
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")

    def test_job_batches_and_is_idempotent(self):
        """Batches report progress; a second run finds nothing to do and writes nothing."""
        pickings = self._receive() | self._receive() | self._receive()
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.env.ref("key_account_mgmt.ir_cron_key_account_tacit_acceptance").id}
        )
        Picking = self.env["stock.picking"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-03-06"):
            self.assertEqual(Picking._cron_key_account_tacit_acceptance(batch_size=2), 2)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(Picking._cron_key_account_tacit_acceptance(batch_size=2), 1)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.env.flush_all()
            messages = self.env["mail.message"].search_count([("model", "=", "stock.picking")])
            dates = pickings.mapped("write_date")
            self.assertEqual(Picking._cron_key_account_tacit_acceptance(batch_size=2), 0)
            self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(set(pickings.mapped("key_account_acceptance_state")), {"accepted"})
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "stock.picking")]), messages
        )
        self.assertEqual(pickings.mapped("write_date"), dates)

    def test_job_queries_do_not_grow_with_receipts(self):
        """A batch of 2 or of 6 due receipts costs the same queries."""
        for _i in range(9):
            self._receive()
        counts = []
        with freeze_time("2026-03-06"):
            self._cron("2026-03-06", batch_size=1)  # warm-up
            for batch in (2, 6):
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(__system__=16):
                    before = sql_db.sql_counter
                    self.assertEqual(
                        self.env["stock.picking"]._cron_key_account_tacit_acceptance(
                            batch_size=batch
                        ),
                        batch,
                    )
                    self.env.flush_all()
                    counts.append(sql_db.sql_counter - before)
        self.assertEqual(counts[0], counts[1], counts)
