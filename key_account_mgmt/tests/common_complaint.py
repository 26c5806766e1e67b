from odoo import Command
from odoo.tests import new_test_user

from .common_goods import KeyAccountGoodsCase


class ComplaintCase(KeyAccountGoodsCase):
    """A key account with a contact and a done delivery; a customer-service clerk and a
    technician (least privileged: their department's group only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cs = cls.users["cs"]
        cls.tech = cls.users["tech"]
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Lei", "parent_id": cls.account.id, "email": "li.lei@example.com"}
        )
        cls.other_account = cls._make_key_account(
            "Other Customer", account_manager_id=cls.users["office"].id
        )
        cls.order = cls._confirm(cls._order(cls.account, qty=10))
        cls.delivery = cls.order.picking_ids
        cls._deliver(cls.delivery, 10)

    @classmethod
    def _complaint(cls, kind="complaint", user=None, **vals):
        return (
            cls.env["key.account.complaint"]
            .with_user(user or cls.cs)
            .create(
                {
                    "kind": kind,
                    "partner_id": cls.contact.id,
                    "channel": "phone",
                    "description": "<p>Mortar hardens too fast</p>",
                    **vals,
                }
            )
        )

    @classmethod
    def _judge(cls, complaint, responsibility="ours", rework_type="physical"):
        complaint.with_user(cls.tech).write(
            {
                "responsibility": responsibility,
                "judgement": "Wrong retarder dosage in batch 12",
                "rework_type": rework_type,
            }
        )

    @classmethod
    def _to_review(cls, complaint):
        complaint.with_user(cls.cs).action_dispatch()
        complaint.with_user(cls.cs).action_review()

    @classmethod
    def _to_rework(cls, complaint):
        cls._to_review(complaint)
        cls._judge(complaint)
        complaint.with_user(cls.tech).action_rework()

    @classmethod
    def _rework_line(cls, complaint, result="passed"):
        complaint.with_user(cls.tech).write(
            {
                "rework_line_ids": [
                    Command.create(
                        {
                            "rework_type": "physical",
                            "product_id": cls.product.id,
                            "quantity": 2,
                            "cost": 150,
                            "result": result,
                        }
                    )
                ]
            }
        )

    @classmethod
    def _user(cls, login, groups):
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{groups}")
