#!/usr/bin/env bash
# Builds what scripts/gpu-check/check.py carries to a GPU machine that has no Java: a small Java
# runtime made with jlink, and the emulator's runnable jar, in .gpu-carry/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package
rm -rf .gpu-carry && mkdir -p .gpu-carry
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps emulator/target/jls-emulator.jar)
# jdk.crypto.ec: TLS is not used, but keeping it costs little and avoids surprises in Undertow's setup.
jlink --add-modules "$modules,jdk.crypto.ec,jdk.zipfs" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output .gpu-carry/jre
cp emulator/target/jls-emulator.jar .gpu-carry/
du -sh .gpu-carry/jre .gpu-carry/jls-emulator.jar
