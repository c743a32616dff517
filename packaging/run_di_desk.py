"""Entry script of the frozen bundle: PyInstaller analyses this file.

It lives outside the ``di_desk`` package so that analysing it does not put
``di_desk/`` itself on the module path (``di_desk/io`` would shadow ``io``).
"""

import sys

from di_desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
