from . import key_account_tier_change
from . import key_account_application_reject
