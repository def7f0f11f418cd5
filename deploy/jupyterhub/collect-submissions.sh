#!/usr/bin/env bash
# Collect every student's lessons for grading: each user's ~/crm-lessons/*.ipynb is copied into
# SUBMISSIONS/<student>/, read-only, the layout `crm-lessons grade SUBMISSIONS` reads.
#
#   sudo deploy/jupyterhub/collect-submissions.sh [--prefix P] [--force] SUBMISSIONS [USER ...]
#
# USER: system users to collect (default: every user, uid 1000 or more, whose home holds a
#       crm-lessons/ folder).
# --prefix P: the system users' name prefix to drop from the student id (The Littlest
#       JupyterHub names the system user of hub user alice "jupyter-alice": --prefix jupyter-).
# --force: replace a student's folder already collected in SUBMISSIONS (otherwise refused).
#
# Run as root. Each file is read as its owner (runuser), so a link a student planted towards a
# file they may not read copies nothing; links and the course's new versions
# (NN_name.updated-DATE.ipynb, not the student's work) are left out.
set -euo pipefail
prefix="" force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "collect-submissions: --prefix needs a value, for example --prefix jupyter-" >&2; exit 2; }
                  prefix="$2"; shift 2;;
        --force) force=1; shift;;
        -h|--help) sed -n '2,15p' "$0"; exit 0;;
        --*) echo "collect-submissions: unknown option $1. Fix: see $0 --help" >&2; exit 2;;
        *) break;;
    esac
done
if [ $# -lt 1 ] || [ -z "$1" ]; then
    echo "collect-submissions: name the folder to collect into. Fix: $0 SUBMISSIONS [USER ...]" >&2; exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "collect-submissions: run it as root (it reads every student's home). Fix: sudo $0 $*" >&2; exit 2
fi
out="$1"; shift
if [ -e "$out" ] && [ ! -d "$out" ]; then
    echo "collect-submissions: $out exists and is not a folder. Fix: name another folder." >&2; exit 2
fi
if [ $# -eq 0 ]; then
    mapfile -t users < <(getent passwd | awk -F: '$3 >= 1000 && $3 < 60000 {print $1 ":" $6}' |
        while IFS=: read -r name home; do [ -d "$home/crm-lessons" ] && echo "$name"; done)
else
    users=("$@")
fi
if [ "${#users[@]}" -eq 0 ]; then
    echo "collect-submissions: no user has a crm-lessons folder yet; nothing collected." >&2; exit 1
fi
mkdir -p "$out"
collected=0
for user in "${users[@]}"; do
    entry="$(getent passwd "$user" || true)"
    if [ -z "$entry" ]; then
        echo "collect-submissions: there is no user $user. Fix: check the name (getent passwd $user)." >&2; exit 2
    fi
    home="$(echo "$entry" | cut -d: -f6)"
    student="${user#"$prefix"}"
    work="$home/crm-lessons"
    if [ -L "$work" ] || [ ! -d "$work" ]; then
        echo "  $user: no crm-lessons folder in $home (skipped)"; continue
    fi
    dest="$out/$student"
    if [ -e "$dest" ]; then
        if [ "$force" = 1 ]; then
            chmod -R u+w "$dest"; rm -rf -- "$dest"
        else
            echo "collect-submissions: $dest already exists. Fix: collect into a new folder, or add --force to replace it." >&2; exit 1
        fi
    fi
    tmp="$(mktemp -d "$out/.collect-$student.XXXXXX")"
    n=0
    for nb in "$work"/*.ipynb; do
        [ -e "$nb" ] || continue
        name="$(basename -- "$nb")"
        case "$name" in *.updated-*) continue;; esac
        [ -f "$nb" ] && [ ! -L "$nb" ] || continue
        if runuser -u "$user" -- cat -- "$nb" > "$tmp/$name" 2>/dev/null; then
            n=$((n + 1))
        else
            rm -f -- "$tmp/$name"; echo "  $user: $name could not be read (skipped)"
        fi
    done
    chmod 0444 "$tmp"/*.ipynb 2>/dev/null || true
    chmod 0555 "$tmp"
    mv -- "$tmp" "$dest"
    echo "  $student: $n notebook(s) from $work"
    collected=$((collected + 1))
done
echo "Collected $collected student(s) into $out. Grade them with: crm-lessons grade $out --out gradebook.csv"
