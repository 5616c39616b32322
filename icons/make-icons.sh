#!/bin/sh
# Regenerates the app icons: a blue rounded square with 企 in white (Noto Sans CJK Bold).
# The sized PNGs go into the .deb's hicolor theme (tauri.conf.json lists them; the first
# one, 128x128, is also the window icon on Linux); icon.ico is the Windows exe/installer icon.
set -eu
cd "$(dirname "$0")"
FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
convert -size 1024x1024 xc:none -fill '#1f5fbf' -draw 'roundrectangle 64,64 960,960 160,160' \
  -font "$FONT" -fill white -pointsize 680 -gravity center -annotate +0-30 '企' PNG32:icon.png
for s in 16 24 32 48 64 128 256 512; do convert icon.png -resize ${s}x${s} PNG32:${s}x${s}.png; done
convert icon.png -resize 256x256 PNG32:128x128@2x.png
convert icon.png -define icon:auto-resize=256,128,64,48,32,16 icon.ico
