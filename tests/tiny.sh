# Helpers for tests on the one-station district tests/data/tiny (sourced
# after tests/lib.sh, by tests/cli/faults.sh and tests/cli/security.sh).

# tiny_setup DIR: a copy of the district in DIR with its jingles made by sox.
tiny_setup() {
    cp -R tests/data/tiny "$1"
    mkdir -p "$1/jingles"
    sox -R -n -r 44100 -c 1 -b 16 "$1/jingles/intro.wav" synth 1.2 sine 660 fade q 0.05 1.2 0.3 gain -6
    sox -R -n -r 44100 -c 1 -b 16 "$1/jingles/outro.wav" synth 1.0 sine 523 fade q 0.05 1.0 0.3 gain -6
    sox -R -n -r 44100 -c 1 -b 16 "$1/jingles/chime.wav" synth 0.6 sine 880 fade q 0.01 0.6 0.2 gain -6
}

# tiny_build DIR [loa build options...]: build week 2026-W48 of DIR quietly;
# stderr goes to $T/err (for checking the message), the exit status is returned.
tiny_build() {
    d=$1; shift
    "$LOA" build -q -c "$d/district.cfg" --week 2026-W48 "$@" 2>"$T/err"
}

# tiny_edit DIR: change the bulletin's words so the next build renders again.
tiny_edit() {
    edits=$((${edits:-0} + 1))
    sed -i "s/^Kính thưa bà con!.*/Kính thưa bà con! Lần $edits: hãy kích hoạt tài khoản định danh điện tử VNeID./" \
        "$1/scripts/01-vneid.txt"
}

# snap DIR: every path under DIR with the sha256 of each file, sorted: two
# snapshots are equal only when nothing was added, removed or changed.
snap() {
    (cd "$1" && find . -printf '%y %p\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

# debris DIR: what a build left in DIR/out besides the cache, the week (a
# link to its version in .weeks/) and the stations' air folders (staging or
# set-aside trees, temporary files), and hidden or temporary files inside
# the published week versions; empty when clean.
debris() {
    (cd "$1/out" && find . -mindepth 1 -maxdepth 1 ! -name .cache ! -name 2026-W48 ! -name filler \
            ! -name .weeks ! -name air ! -name .lock;
        [ -d .weeks ] && find .weeks -mindepth 1 \( -name '.*' -o -name '*.tmp*' \);
        [ -d air ] && find air \( -name '.*' -o -name '*.tmp*' \)) | LC_ALL=C sort
}

# expect_error DESCRIPTION RC PATTERN: the build failed (RC non-zero) with a
# message on stderr matching the extended regex PATTERN.
expect_error() {
    checks=$((checks + 1))
    if [ "$2" -eq 0 ]; then
        failures=$((failures + 1)); echo "FAIL: $1: exit 0, want non-zero" >&2
    elif ! grep -Eq "$3" "$T/err"; then
        failures=$((failures + 1)); printf 'FAIL: %s: message does not match /%s/:\n' "$1" "$3" >&2
        sed 's/^/    /' "$T/err" >&2
    fi
}
