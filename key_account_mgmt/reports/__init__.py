from . import key_account_owed_report
from . import key_account_stock_report
from . import ir_actions_report
from . import key_account_form_report
from . import key_account_complaint_report
from . import key_account_scorecard_report
