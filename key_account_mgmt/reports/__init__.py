from . import key_account_owed_report
from . import key_account_stock_report
