# Shared by the web desk's tests (sourced after tests/lib.sh): a small
# district in $W with jingles, accounts, and `loa serve` on a free port.
# serve_start [LOA-PROGRAM] sets PORT, BASE and SERVE_PID; serve_stop ends it.
W=$T/district
mkdir -p "$W"
cp -R tests/data/small/. "$W/"
mkdir -p "$W/jingles"
sox -n -r 44100 -c 1 -b 16 "$W/jingles/intro.wav" synth 0.6 sine 660 fade 0.01 0.6 0.1 gain -12
sox -n -r 44100 -c 1 -b 16 "$W/jingles/outro.wav" synth 0.5 sine 440 fade 0.01 0.5 0.1 gain -12
sox -n -r 22050 -c 1 -b 16 "$W/jingles/chime.wav" synth 0.4 sine 880 fade 0.01 0.4 0.1 gain -10
# Only the desk's own bulletins in this week's scripts folder.
rm -f "$W"/scripts/*.txt
DATA=$T/data

user_add() { # name role password [options...]
    n=$1 r=$2 pw=$3; shift 3
    printf '%s\n' "$pw" | "$LOA_REAL" user add "$n" --role "$r" -c "$W/district.cfg" \
        --data "$DATA" --password-stdin "$@"
}

serve_start() {
    prog=${1:-$LOA}
    "$prog" serve -c "$W/district.cfg" --data "$DATA" --listen 127.0.0.1:0 \
        >"$T/serve.out" 2>"$T/serve.err" &
    SERVE_PID=$!
    PORT=
    i=0
    while [ $i -lt 300 ] && [ -z "$PORT" ]; do
        PORT=$(sed -n 's/^loa serve: listening on port \([0-9]*\)$/\1/p' "$T/serve.out")
        [ -n "$PORT" ] || sleep 0.1
        i=$((i + 1))
    done
    if [ -z "$PORT" ]; then
        echo "loa serve did not start:" >&2
        cat "$T/serve.err" >&2
        exit 1
    fi
    BASE=http://127.0.0.1:$PORT
}

serve_stop() {
    if [ -n "${SERVE_PID:-}" ]; then
        kill -TERM "$SERVE_PID" 2>/dev/null
        wait "$SERVE_PID" 2>/dev/null
        SERVE_RC=$?
        SERVE_PID=
    fi
}
trap 'serve_stop; rm -rf "$T"' EXIT
