from . import test_application
from . import test_archive
from . import test_review_cron
from . import test_security
from . import test_tier
from . import test_sale_approval
from . import test_tours
from . import test_tours_approval
