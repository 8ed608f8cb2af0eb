"""spark-submit's entry for the archive job (service/sparkjob.py); see the README's section "Archives"."""

import sys

from service.sparkjob import main

if __name__ == "__main__":
    sys.exit(main())
