#!/bin/sh
# Regenerates the app icons: a blue rounded square with 企 in white (Noto Sans CJK Bold).
set -eu
cd "$(dirname "$0")"
FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
convert -size 1024x1024 xc:none -fill '#1f5fbf' -draw 'roundrectangle 64,64 960,960 160,160' \
  -font "$FONT" -fill white -pointsize 680 -gravity center -annotate +0-30 '企' PNG32:icon.png
for s in 32 128 256; do convert icon.png -resize ${s}x${s} PNG32:${s}x${s}.png; done
convert icon.png -resize 256x256 PNG32:128x128@2x.png
convert icon.png -define icon:auto-resize=256,128,64,48,32,16 icon.ico
