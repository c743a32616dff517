"""phonenumbers without its geocoding, carrier and time-zone data (45 MB).

Replaces the hook of pyinstaller-hooks-contrib, which collects every
submodule. DI Desk only parses and validates numbers, which needs the region
metadata (``phonenumbers.data``, ``phonenumbers.shortdata``), loaded by name.
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata")

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(UNUSED))
excludedimports = list(UNUSED)
