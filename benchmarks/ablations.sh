#!/usr/bin/env bash
# Every row of docs/experiments.md's ablation tables, unattended: the defaults, then each ingredient of the stream switched
# off in turn, each a fresh run of `benchmarks.transfer_bench` at the same step budget (content ablations compare
# at equal steps, so a drifting VM does not move them). Results go to runs/transfer/results.csv; one run at a time,
# since each owns both cores. Usage: benchmarks/ablations.sh [STEPS] [SEED] [ROW...]   (defaults 6000 and 1, every
# row; about 35 minutes a row here at 6000 steps). Naming rows runs only those, e.g. `... 1800 1 defaults no-person`.
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-6000}"
seed="${2:-1}"
only=("${@:3}")
python=.venv/bin/python
start_commit=5ee30cf  # the main this work started from: pasted renders over procedural backgrounds

wanted() {  # wanted LABEL: whether the command line asked for this row (no names: every row)
    [[ ${#only[@]} -eq 0 ]] || [[ " ${only[*]} " == *" $1 "* ]]
}

row() {  # row LABEL [transfer_bench args...]
    local label="$1"; shift
    wanted "$label" || return 0
    echo "== $label"
    "$python" -m benchmarks.transfer_bench --steps "$steps" --seed "$seed" --label "$label-$steps-s$seed" "$@"
}

off_camera="--photometric-white-balance 0 --photometric-defocus-probability 0 --photometric-vignette-probability 0"
off_camera+=" --photometric-blur-probability 0 --photometric-motion-probability 0 --photometric-noise-probability 0"
off_camera+=" --photometric-jpeg-probability 0 --photometric-monochrome-probability 0"
# a close-up of a person framed as any other close-up: any roll and turn, objects in front, any crop
loose_portraits="--camera-portrait-roll -25,25 --shape-portrait-yaw -70,70 --clutter-portrait-front-probability 0.3"
loose_portraits+=" --framing-portrait-crop 0.5,1 --framing-portrait-aspect 0.67,1.5"

row defaults
row no-panoramas --generator-args "--world-probability 0"
row no-clutter --generator-args "--clutter-probability 0 --clutter-ground-probability 0"
row no-framing --generator-args "--framing-crop 1,1 --framing-offset 0 --framing-bottom-probability 0"
row no-camera-effects --generator-args "$off_camera"
row no-black-and-white --generator-args "--photometric-monochrome-probability 0"
row loose-portraits --generator-args "$loose_portraits"
row no-denoiser --generator-args "--no-oidn --grain 0.175"  # the render's grain, and the same grain on the backdrop
row no-clothes --generator-args "--shape-person-clothing 0,0"  # MakeHuman's skin-tight bodies
row no-dogs --generator-args "--shape-dog-probability 0"  # every four-legged animal a superquadric figure
row no-photo-textures --generator-args "--material-photo-probability 0"
row no-dice --trainer-args "--loss bce_l1"
row no-greenery --generator-args "--world-greenery-probability 0"  # macro subjects in panoramas like the rest
row no-scene-defocus --generator-args "--photometric-defocus-scene-probability 0"  # a sharp scene, the backdrop alone blurred
row wide-clutter --generator-args "--clutter-span 0.15,0.7"  # objects as big as the subject, or bigger
row no-cutouts --generator-args "--cutout-probability 0"  # every subject rendered, none photographed
row no-backdrop-cutouts --generator-args "--cutout-backdrop-probability 0"  # nothing photographed behind the subject
row overfilled-closeups --generator-args "--camera-closeup-fill 1.5,3"  # close-ups as they were before 1.0-2.0
# the families the defaults draw (macro, off by default, has no row: the stream without it is the same), then the
# abstract ones among them
{ read -r drawn; read -r abstract; } < <("$python" -c "from generator.scene.shapes import ABSTRACT, ShapeRanges
from generator.scene.shapes import family_weights as w
r = ShapeRanges(); print(' '.join(f for f, x in zip(r.families, w(r)) if x > 0)); print(' '.join(ABSTRACT))")
others() {  # others NAME...: the drawn families not named, comma-separated
    local kept=() family
    for family in $drawn; do [[ " $* " == *" $family "* ]] || kept+=("$family"); done
    (IFS=,; echo "${kept[*]}")
}
for family in $drawn; do
    [[ " $abstract " == *" $family "* ]] || row "no-$family" --generator-args "--shape-families $(others "$family")"
done
row no-abstract --generator-args "--shape-families $(others $abstract)"  # the seed's kind of shape, all three
wanted start-of-work || exit 0
base="$(mktemp -d)/start"
git worktree add --quiet --detach "$base" "$start_commit"
ln -s "$PWD/.venv" "$base/.venv"
trap 'git worktree remove --force "$base"' EXIT
row start-of-work --repo "$base"
