#!/usr/bin/env bash
# Build the students' image for Zero to JupyterHub with repo2docker:
#
#   deploy/jupyterhub/build-image.sh IMAGE[:TAG]        e.g. registry.example.org/crm-lessons:2026-09
#
# The image holds the committed course (git archive HEAD) in /srv/crm-lessons, its packages from
# deploy/jupyterhub/environment.yml and postBuild, and runs as jovyan (uid 1000). Needs Docker
# and repo2docker (pip install jupyter-repo2docker); push the image to your registry after it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
IMAGE="${1:-}"
if [ -z "$IMAGE" ]; then
    echo "build-image.sh: name the image. Fix: $0 registry.example.org/crm-lessons:TAG" >&2; exit 2
fi
command -v jupyter-repo2docker >/dev/null || {
    echo "build-image.sh: repo2docker is missing. Fix: pip install jupyter-repo2docker (and install Docker)." >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$tmp"
# repo2docker reads binder/ in place of the top-level environment.yml (the course's own)
mkdir -p "$tmp/binder"
cp "$HERE/environment.yml" "$HERE/postBuild" "$tmp/binder/"
jupyter-repo2docker --no-run --user-name jovyan --user-id 1000 \
    --target-repo-dir /srv/crm-lessons --image-name "$IMAGE" "$tmp"
echo "Built $IMAGE. Push it (docker push $IMAGE) and set singleuser.image in values.yaml."
