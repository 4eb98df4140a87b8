#!/usr/bin/env bash
# Builds self-contained release archives that run on a Linux machine without .NET:
#
#   scripts/release.sh [VERSION] [RID ...]
#
# VERSION defaults to `git describe` (e.g. v0.1.0, or a commit id), RIDs to linux-x64 and
# linux-arm64. Each archive is dist/raft3d-VERSION-RID.tar.gz holding one folder with the
# server (Raft3D.Server), the CLI (raft3d), the .NET runtime they share, hocon/ (the default
# settings), raft3d.service and raft3d.env (systemd), and INSTALL.md. OUT=DIR changes dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
VERSION=${VERSION#v}
[ $# -gt 0 ] && shift
RIDS=("$@")
[ ${#RIDS[@]} -eq 0 ] && RIDS=(linux-x64 linux-arm64)
OUT=${OUT:-dist}
# A numeric version for the assemblies (at least MAJOR.MINOR); anything else (a commit id, even
# one that starts with digits, such as 271697c) only names the archive.
NUMERIC=$(echo "$VERSION" | grep -Eo '^[0-9]+\.[0-9]+(\.[0-9]+){0,2}' || echo 0.0.0)

mkdir -p "$OUT"
for rid in "${RIDS[@]}"; do
  name="raft3d-$VERSION-$rid"
  stage="$OUT/$name"
  rm -rf "$stage" "$OUT/$name.tar.gz"
  echo "== $name"
  # Both into one folder: they share the runtime files (the same version, published twice).
  for project in src/Raft3D.Server src/Raft3D.Cli; do
    dotnet publish "$project" -c Release -r "$rid" --self-contained true -o "$stage" \
      -p:Version="$NUMERIC" -p:InformationalVersion="$VERSION" -p:DebugType=none -p:GenerateDocumentationFile=false \
      --nologo -v quiet
  done
  cp deploy/raft3d.service deploy/raft3d.env deploy/INSTALL.md "$stage/"
  echo "$VERSION" > "$stage/VERSION"
  test -x "$stage/Raft3D.Server" && test -x "$stage/raft3d" && test -f "$stage/hocon/raft3d.conf"
  tar -C "$OUT" -czf "$OUT/$name.tar.gz" "$name"
  echo "   $OUT/$name.tar.gz ($(du -h "$OUT/$name.tar.gz" | cut -f1))"
done
