from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUPS, KeyAccountCase

OPS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
KAM = ("specialist", "manager", "office", "dept", "deputy", "salesdir", "director")
ALL = (*KAM, "cs", "tech", "finance")

# The role × model × operation matrix, as the roles of the SPEC describe them
# (implied groups included: every KAM role is at least a specialist).
EXPECTED = {
    "key.account.tier": {**dict.fromkeys(KAM + ("cs", "tech", "finance"), "r"), "director": "rwcu"},
    "key.account.tier.history": dict.fromkeys(KAM + ("cs", "tech", "finance"), "r"),
    "key.account.document.type": {**dict.fromkeys(KAM + ("finance",), "r"), "director": "rwcu"},
    "key.account.contact": {
        **dict.fromkeys(KAM, "rwcu"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
    },
    "key.account.competitor": {
        **dict.fromkeys(KAM, "rwcu"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
    },
    "key.account.contact.log": {
        **dict.fromkeys(KAM, "rwcu"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
    },
    "key.account.application": {
        **dict.fromkeys(KAM, "rwc"),
        "manager": "rwcu",
        "director": "rwcu",
        "finance": "r",
    },
    "key.account.application.document": {**dict.fromkeys(KAM, "rwcu"), "finance": "r"},
    "key.account.tier.change": dict.fromkeys(("manager", "dept", "director"), "rwcu"),
    # approval engine: rules and steps are readable by every internal user (the
    # order form shows them); only the engine writes steps; rules are the director's
    "key.account.approval.rule": {**dict.fromkeys(ALL, "r"), "director": "rwcu"},
    "key.account.approval.rule.step": {**dict.fromkeys(ALL, "r"), "director": "rwcu"},
    "key.account.approval": dict.fromkeys(ALL, "r"),
    "key.account.approval.reject": dict.fromkeys(ALL, "rwcu"),
    "key.account.delegation": {**dict.fromkeys(KAM, "rwc"), "director": "rwcu"},
    # gifts: the account team files them, finance reads the expense, not cs / tech
    "key.account.gift.request": {
        **dict.fromkeys(KAM, "rwc"),
        "manager": "rwcu",
        "director": "rwcu",
        "finance": "r",
    },
    # key-account goods (S3): read-only reports; the XLSX export wizard
    "key.account.owed.report": dict.fromkeys((*KAM, "finance"), "r"),
    "key.account.stock.report": dict.fromkeys((*KAM, "finance"), "r"),
    "key.account.owed.export": dict.fromkeys((*KAM, "finance"), "rwcu"),
    # visits (S4): the account team works on them, support departments read them
    "key.account.visit": {
        **dict.fromkeys(KAM, "rwcu"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
    },
    "key.account.visit.next.step": {
        **dict.fromkeys(KAM, "rwcu"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
    },
    "key.account.visit.frequency": {
        **dict.fromkeys(KAM + ("cs", "tech", "finance"), "r"),
        "director": "rwcu",
    },
    # complaint intake (issue 12): service levels are the director's, waiting periods
    # are written by the complaint's actions only, customer service records phone answers
    "key.account.complaint.sla": {**dict.fromkeys(KAM + ("cs", "tech"), "r"), "director": "rwcu"},
    "key.account.complaint.wait": dict.fromkeys(KAM + ("cs", "tech"), "r"),
    "key.account.complaint.rating.wizard": dict.fromkeys(("cs", "director"), "rwcu"),
    # feedback on account managers: KAM managers and directors only
    "key.account.manager.feedback": {"manager": "rwc", "director": "rwcu"},
    "key.account.symposium": {
        **dict.fromkeys(KAM + ("cs", "tech", "finance"), "r"),
        **dict.fromkeys(("manager", "dept"), "rwc"),
        "director": "rwcu",
    },
    "key.account.symposium.invitee": {
        **dict.fromkeys(KAM, "rw"),
        **dict.fromkeys(("cs", "tech", "finance"), "r"),
        **dict.fromkeys(("manager", "dept", "director"), "rwcu"),
    },
    # held stock (S3): only KAM roles (and stock managers, not a role here) act on holds
    "key.account.stock.release": {**dict.fromkeys(KAM, "rwc"), "director": "rwcu"},
    "key.account.stock.hold": dict.fromkeys(KAM, "rwcu"),
    "key.account.receipt.objection": dict.fromkeys(KAM, "rwcu"),
    # the addon's settings, edited by the KAM director without Settings rights
    "key.account.config": {"director": "rwc"},
    # complaints and suggestions (S6): customer service handles, the technical department
    # judges and reworks, the account's manager decides returns (any KAM level)
    "key.account.complaint": {
        **dict.fromkeys(KAM, "r"),
        "cs": "rwcu",
        "tech": "rw",
        "director": "rwcu",
    },
    "key.account.complaint.rework": {
        **dict.fromkeys((*KAM, "cs"), "r"),
        "tech": "rwcu",
        "director": "rwcu",
    },
    "key.account.complaint.cancel": dict.fromkeys(("cs", "director"), "rwcu"),
    "key.account.complaint.return.decision": dict.fromkeys(KAM, "rwcu"),
    # sales plans (S7): KAM managers plan their office (record rules), directors all,
    # everyone else of Key Accounts and finance reads what the rules show
    "key.account.sales.plan": {
        **dict.fromkeys((*KAM, "finance"), "r"),
        **dict.fromkeys(("manager", "director"), "rwcu"),
    },
    # KPIs and scorecards (S7): figures are computed, never written by a role; the KAM
    # department computes KPIs, the KAM director configures, scores and locks scorecards
    "key.account.kpi.value": dict.fromkeys((*KAM, "finance"), "r"),
    "key.account.kpi.compute": dict.fromkeys(("dept", "director"), "rwcu"),
    "key.account.scorecard.template": {**dict.fromkeys(KAM, "r"), "director": "rwcu"},
    "key.account.scorecard.template.line": {**dict.fromkeys(KAM, "r"), "director": "rwcu"},
    "key.account.scorecard": {**dict.fromkeys(KAM, "r"), "director": "rwu"},
    "key.account.scorecard.line": {**dict.fromkeys(KAM, "r"), "director": "rw"},
    "key.account.scorecard.compute": {"director": "rwcu"},
    "key.account.rebate.scheme": {**dict.fromkeys(ALL, "r"), "director": "rwcu"},
    "key.account.rebate.band": {**dict.fromkeys(ALL, "r"), "director": "rwcu"},
    "key.account.rebate.settlement": {"finance": "r", "director": "rwcu"},
    "key.account.rebate.settlement.line": dict.fromkeys(("finance", "director"), "r"),
    "key.account.nps.send": dict.fromkeys(("manager", "director"), "rwcu"),
}
# models any internal user reaches through the order form
INTERNAL = {
    "key.account.approval.rule",
    "key.account.approval.rule.step",
    "key.account.approval",
    "key.account.approval.reject",
}


@tagged("post_install", "-at_install")
class TestSecurityMatrix(KeyAccountCase):
    """Access rights and record rules for every role and every model of the addon."""

    def test_every_model_is_in_the_matrix(self):
        """No model of the addon escapes the matrix below."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "key_account_mgmt"), ("model", "=", "ir.model")]
        )
        own = {
            model
            for model in self.env["ir.model"].browse(data.mapped("res_id")).mapped("model")
            if model.startswith("key.account.") and not self.env[model]._abstract
        }
        self.assertEqual(own, set(EXPECTED))

    def test_group_model_operation_matrix(self):
        """Each role has exactly the expected rights on each model."""
        access = self.env["ir.model.access"]
        mismatches = []
        for role in GROUPS:
            user = self.users[role]
            for model, per_role in EXPECTED.items():
                allowed = per_role.get(role, "")
                for letter, op in OPS.items():
                    got = access.with_user(user).check(model, op, raise_exception=False)
                    if got != (letter in allowed):
                        mismatches.append(f"{role} {op} {model}: {got}")
        self.assertFalse(mismatches, "\n".join(mismatches))
        # a user without any Key Accounts role has no access beyond the order form's
        for model in EXPECTED:
            self.assertEqual(
                access.with_user(self.plain_user).check(model, "read", False),
                model in INTERNAL,
                model,
            )

    def test_real_operations_follow_the_matrix(self):
        """Create, read, write and unlink a competitor line as each role, on its own account."""
        account = self._make_key_account("Matrix Account")
        for role in GROUPS:
            user = self.users[role]
            account.key_account_specialist_ids = [(4, user.id)]
            Competitor = self.env["key.account.competitor"].with_user(user)
            expected = EXPECTED["key.account.competitor"].get(role, "")
            if "c" in expected:
                line = Competitor.create({"partner_id": account.id, "name": f"C {role}"})
            else:
                with self.assertRaises(AccessError, msg=role):
                    Competitor.create({"partner_id": account.id, "name": f"C {role}"})
                line = self.env["key.account.competitor"].create(
                    {"partner_id": account.id, "name": f"C {role}"}
                )
            line = line.with_user(user)
            self.assertEqual(line.name, f"C {role}")
            if "w" in expected:
                line.write({"share": 10})
                line.unlink()
            else:
                with self.assertRaises(AccessError, msg=role):
                    line.write({"share": 10})
                with self.assertRaises(AccessError, msg=role):
                    line.unlink()

    def test_record_rules_by_team(self):
        """Specialists see their own key accounts, managers their office's, directors all."""
        mine = self._make_key_account("Mine")  # specialist is account manager, office team
        colleague = new_test_user(
            self.env, login="kam_colleague", groups="base.group_user," + GROUPS["specialist"]
        )
        # an application names its office, with its manager (issue 11)
        far_leader = new_test_user(
            self.env, login="kam_far_office", groups="base.group_user," + GROUPS["office"]
        )
        other_team = self.env["crm.team"].create({"name": "Far Office", "user_id": far_leader.id})
        theirs = self._make_key_account(
            "Theirs", account_manager_id=colleague.id, team_id=other_team.id
        )
        ordinary = self.customer
        Partner = self.env["res.partner"]
        ids = (mine | theirs | ordinary).ids

        def visible(user):
            return Partner.with_user(user).search([("id", "in", ids)])

        self.assertEqual(visible(self.specialist), mine | ordinary)
        self.assertEqual(visible(colleague), theirs | ordinary)
        # office leader of Test Office sees his office's account only
        self.assertEqual(visible(self.users["office"]), mine | ordinary)
        self.assertEqual(visible(self.manager), mine | ordinary)  # member of Test Office
        outside_manager = new_test_user(
            self.env, login="kam_manager_far", groups="base.group_user," + GROUPS["manager"]
        )
        self.assertEqual(visible(outside_manager), ordinary)
        for role in ("director", "dept", "deputy", "salesdir", "cs", "tech", "finance"):
            self.assertEqual(visible(self.users[role]), mine | theirs | ordinary, role)
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).read(["name"])
        # applications follow the same split
        Application = self.env["key.account.application"]
        self.assertEqual(
            Application.with_user(colleague).search([("partner_id", "in", ids)]).partner_id, theirs
        )
        self.assertEqual(
            Application.with_user(self.users["finance"])
            .search([("partner_id", "in", ids)])
            .partner_id,
            mine | theirs,
        )

    def test_multi_company(self):
        """Records of a company the user is not in are invisible, even to a director."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        tier = self.env["key.account.tier"].create(
            {"name": "Other A", "code": "A", "company_id": other_company.id}
        )
        partner = self.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True, "company_id": other_company.id}
        )
        app = self.env["key.account.application"].create(
            {"partner_id": partner.id, "company_id": other_company.id, "requested_tier_id": tier.id}
        )
        director = self.director
        self.assertFalse(
            self.env["key.account.tier"].with_user(director).search([("id", "=", tier.id)])
        )
        self.assertFalse(
            self.env["key.account.application"].with_user(director).search([("id", "=", app.id)])
        )
        with self.assertRaises(AccessError):
            app.with_user(director).read(["name"])
        with self.assertRaises(AccessError):
            app.document_ids[:1].with_user(director).read(["state"])
        director.company_ids = [(4, other_company.id)]
        self.assertTrue(
            self.env["key.account.application"]
            .with_user(director)
            .with_context(allowed_company_ids=[self.company.id, other_company.id])
            .search([("id", "=", app.id)])
        )
