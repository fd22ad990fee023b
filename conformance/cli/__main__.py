"""`python -m conformance.cli`: the b24-conformance command."""

import sys

from . import main

sys.exit(main())
