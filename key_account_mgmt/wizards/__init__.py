from . import key_account_tier_change
from . import key_account_approval_reject
from . import key_account_owed_export
from . import key_account_receipt_objection
from . import key_account_stock_hold
from . import key_account_config
from . import stock_return_picking
from . import key_account_xlsx_export
