"""Held locations (暂存货位, SPEC S3.7/8): the location of a key-account warehouse that keeps
goods set aside for one key account, who may put goods on hold, and the set of held
locations the stock guards read."""

from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

# Who may put goods on hold for key accounts or ask for their release: the KAM roles
# (specialist and above) and stock managers.
HOLD_GROUPS = ("key_account_mgmt.group_kam_specialist", "stock.group_stock_manager")


class StockLocation(models.Model):
    _inherit = "stock.location"

    # A held location (暂存货位) keeps goods set aside for one key account (SPEC S3.7/8).
    # It lives under the office warehouse's view location, outside its stock location,
    # so that Odoo's own reservations never reach it and the office's available figure
    # leaves it out; the guards in stock.move.line / stock.quant refuse any other use.
    key_account_hold_partner_id = fields.Many2one(
        "res.partner",
        "Held for Key Account",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Goods in this location are held for this key account: they can only be "
        "delivered to it or released through an approved stock release request.",
    )

    @api.constrains("key_account_hold_partner_id", "location_id", "usage")
    def _check_key_account_hold(self):
        for location in self:
            if location.key_account_hold_partner_id and location.usage != "internal":
                raise ValidationError(
                    self.env._(
                        "Held for Key Account: location %(location)s must be an internal "
                        "location to hold goods.",
                        location=location.display_name,
                    )
                )
            if location.location_id.key_account_hold_partner_id:
                raise ValidationError(
                    self.env._(
                        "Parent Location: %(parent)s holds goods for a key account and cannot "
                        "contain other locations.",
                        parent=location.location_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("key_account_hold_partner_id") for vals in vals_list):
            self._check_key_account_hold_set_by_addon()
            self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "key_account_hold_partner_id" in vals:
            self._check_key_account_hold_set_by_addon()
            self.env.registry.clear_cache()
        return super().write(vals)

    def _check_key_account_hold_set_by_addon(self):
        # Lifting a hold by clearing the field would bypass the release approval:
        # only _key_account_held_location_for() (as superuser) sets it.
        if not self.env.su:
            raise ValidationError(
                self.env._(
                    "Held for Key Account: a location is made a held location by the key "
                    "account's Hold Stock action and released only through an approved "
                    "stock release request; it cannot be set or cleared by hand."
                )
            )

    @api.model
    @tools.ormcache()
    def _key_account_held_location_ids(self):
        """Ids of all held locations (any company); cached, cleared when one changes."""
        return frozenset(
            self.sudo()
            .with_context(active_test=False)
            ._search([("key_account_hold_partner_id", "!=", False)])
        )

    @api.model
    def _key_account_may_hold(self, user=None):
        """Whether ``user`` (default: the acting user, also under ``sudo()``) may act on
        stock holds: put goods on hold for a key account or ask for their release."""
        user = user or self.env.user
        return any(user.has_group(group) for group in HOLD_GROUPS)

    @api.model
    def _key_account_held_location_for(self, partner, company=None, create=True):
        """The location holding goods for the key account ``partner`` in its key-account
        warehouse of ``company``, created on first use (an empty recordset if ``create``
        is False and there is none)."""
        partner = partner.commercial_partner_id
        company = company or self.env.company
        warehouse = partner._key_account_warehouse(company)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Held stock: %(partner)s has no key-account warehouse in %(company)s; set "
                    "its office's Key-Account Warehouse first.",
                    partner=partner.display_name,
                    company=company.name,
                )
            )
        # Locations are stock managers' records; the held location is made here, under
        # the account's own warehouse, and its hold field only by this method.
        location_sudo = self.sudo().search(
            [
                ("key_account_hold_partner_id", "=", partner.id),
                ("warehouse_id", "=", warehouse.id),
            ],
            limit=1,
        )
        if not location_sudo and create:
            location_sudo = self.sudo().create(
                {
                    "name": self.env._("Held: %(partner)s", partner=partner.name),
                    "location_id": warehouse.view_location_id.id,
                    "usage": "internal",
                    "company_id": warehouse.company_id.id,
                    "key_account_hold_partner_id": partner.id,
                }
            )
        return location_sudo.sudo(False)

    @api.model
    def _key_account_held_quantities(self, partners):
        """{key account: quantity held for it in its held locations} for ``partners``, one
        grouped query (quants the user may read)."""
        held = defaultdict(float)
        for location, qty in self.env["stock.quant"]._read_group(
            [("location_id.key_account_hold_partner_id", "in", partners.ids)],
            ["location_id"],
            ["quantity:sum"],
        ):
            held[location.key_account_hold_partner_id] += qty
        return held
