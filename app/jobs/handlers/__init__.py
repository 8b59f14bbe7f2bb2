"""Built-in job handlers; importing this package registers them."""

from app.jobs.handlers import enrich as enrich
from app.jobs.handlers import feeds as feeds
from app.jobs.handlers import noop as noop
