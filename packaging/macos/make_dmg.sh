#!/usr/bin/env bash
# Disk image of the macOS bundle: dist/DI Desk.app -> dist/DI-Desk-<version>.dmg
#
#   python3 packaging/build.py && packaging/macos/make_dmg.sh
#
# The image holds the app and a link to /Applications (drag to install). The
# version comes from the app's Info.plist, which the spec writes from
# di_desk.__version__. With CODESIGN_IDENTITY set, the image is signed too
# (the app itself is signed by PyInstaller with the same variable).
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="dist/DI Desk.app"
if [ ! -d "$APP" ]; then
  echo "$APP is missing: run python3 packaging/build.py first" >&2
  exit 1
fi
VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
DMG="dist/DI-Desk-$VERSION.dmg"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/DI Desk.app"
ln -s /Applications "$STAGE/Applications"

rm -f "$DMG"
# hdiutil sometimes fails with "Resource busy" on build machines: try again.
for attempt in 1 2 3; do
  if hdiutil create -volname "DI Desk $VERSION" -srcfolder "$STAGE" -fs HFS+ \
      -format UDZO -imagekey zlib-level=9 -ov "$DMG"; then
    break
  fi
  if [ "$attempt" -eq 3 ]; then
    echo "hdiutil create failed" >&2
    exit 1
  fi
  sleep 5
done
hdiutil verify "$DMG"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --sign "$CODESIGN_IDENTITY" --timestamp "$DMG"
fi
echo "$DMG: $(du -h "$DMG" | cut -f1)"
