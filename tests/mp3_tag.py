#!/usr/bin/env python3
"""An independent reader of the Xing/Info + LAME tag (written from the Xing
and LAME tag layouts, not from loa's code): for each MP3 given, walks every
frame and checks that the tag's frame count, byte count (Info frame to the
last frame), TOC, music CRC and tag CRC describe the file as it is.
With --seek, also measures where ffmpeg's MP3 demuxer (the one Liquidsoap
2.1 decodes through) lands when asked to seek without decoding its way
there (-noaccurate_seek: the tag's numbers alone place it), at a quarter,
half and three quarters of the file: the 4 s decoded from there are found
in the whole file's decode, sample by sample. Exit 1 on any mismatch, or a
seek more than one frame (26 ms) off."""
import array
import struct
import subprocess
import sys

BR1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
BR2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0]
SR = [44100, 48000, 32000]


def frame(b, at):
    if at + 4 > len(b):
        return None
    h = struct.unpack(">I", b[at:at + 4])[0]
    ver, layer = (h >> 19) & 3, (h >> 17) & 3
    bi, ri = (h >> 12) & 15, (h >> 10) & 3
    if h & 0xFFE00000 != 0xFFE00000 or ver == 1 or layer != 1 or ri == 3 or bi in (0, 15):
        return None
    mpeg1 = ver == 3
    rate = SR[ri] >> (0 if mpeg1 else (1 if ver == 2 else 2))
    kbps = (BR1 if mpeg1 else BR2)[bi]
    mono = ((h >> 6) & 3) == 3
    side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    return {"len": (144000 if mpeg1 else 72000) * kbps // rate + ((h >> 9) & 1),
            "side": side, "rate": rate, "spf": 1152 if mpeg1 else 576}


def crc16(data, crc=0):
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0xA001 if c & 1 else c >> 1
        table.append(c)
    for x in data:
        crc = (crc >> 8) ^ table[(crc ^ x) & 0xFF]
    return crc


def check(path, errors):
    b = open(path, "rb").read()
    at = 0
    if b[:3] == b"ID3":
        at = 10 + (b[6] << 21 | b[7] << 14 | b[8] << 7 | b[9]) + (10 if b[5] & 0x10 else 0)
    first = frame(b, at)
    if first is None:
        errors.append("%s: no MPEG frame after the ID3 tag" % path)
        return None
    x = at + 4 + first["side"]
    if b[x:x + 4] not in (b"Info", b"Xing"):
        errors.append("%s: no Info/Xing tag" % path)
        return None
    flags = struct.unpack(">I", b[x + 4:x + 8])[0]
    if flags & 7 != 7:
        errors.append("%s: tag flags %d lack frames, bytes or TOC" % (path, flags))
        return None
    frames, nbytes = struct.unpack(">II", b[x + 8:x + 16])
    toc = list(b[x + 16:x + 116])
    lame = x + 116 + (4 if flags & 8 else 0)
    music_crc, tag_crc = struct.unpack(">HH", b[lame + 32:lame + 36])
    audio = at + first["len"]
    offs, p = [], audio
    while True:
        f = frame(b, p)
        if f is None or p + f["len"] > len(b):
            break
        offs.append(p)
        p += f["len"]
    if p != len(b):
        errors.append("%s: %d bytes after the last frame" % (path, len(b) - p))
    if frames != len(offs):
        errors.append("%s: tag says %d frames, the file has %d" % (path, frames, len(offs)))
    if nbytes != p - at:
        errors.append("%s: tag says %d bytes, the stream has %d" % (path, nbytes, p - at))
    # TOC[i]: where i % of the time starts, in 256ths of the audio frames'
    # bytes from the first (LAME writes it so; ffmpeg reads it from there).
    worst = 0.0
    for i in range(100):
        true = (offs[min(len(offs) - 1, i * len(offs) // 100)] - audio) * 256.0 / (p - audio)
        worst = max(worst, abs(toc[i] - true))
    # Slack: the entry's truncation to a 256th, which frame "i %" falls in
    # (LAME rounds, this floors), and LAME 3.100's own TOC, which counts
    # kbps rather than bytes (measured up to 1.41/256 on a single file).
    if worst > 1.5 + 256.0 / len(offs) or toc != sorted(toc):
        errors.append("%s: TOC off by %.2f/256 of the stream" % (path, worst))
    if crc16(b[audio:p]) != music_crc:
        errors.append("%s: music CRC %04x, the frames give %04x" % (path, music_crc, crc16(b[audio:p])))
    if crc16(b[at:lame + 34]) != tag_crc:
        errors.append("%s: tag CRC wrong" % path)
    print("%s: %d frames, %d bytes, TOC within %.2f/256, CRCs checked" % (path, len(offs), p - at, worst))
    return len(offs) * first["spf"] / first["rate"]


def pcm(args):
    out = subprocess.run(["ffmpeg", "-loglevel", "error"] + args +
                         ["-f", "s16le", "-ac", "1", "-ar", "44100", "-"],
                         check=True, stdout=subprocess.PIPE).stdout
    a = array.array("h")
    a.frombytes(out)
    return a


def landed(ref, got, want):
    """Where GOT starts in REF (seconds), searched around WANT."""
    r, n = 44100, 4410
    snip = got[r // 5:r // 5 + n]  # 0.2 s in: past the decoder's first frame
    best = None
    for o in range(max(0, int(want * r) - 2 * r + r // 5), int(want * r) + 2 * r + r // 5):
        seg = ref[o:o + n]
        if len(seg) < n:
            break
        if abs(seg[0] - snip[0]) > 2 or abs(seg[7] - snip[7]) > 2:
            continue
        d = sum((a - c) * (a - c) for a, c in zip(snip, seg))
        if best is None or d < best[0]:
            best = (d, o)
    return None if best is None else (best[1] - r // 5) / float(r)


def main():
    args = sys.argv[1:]
    seek = "--seek" in args
    errors = []
    for path in [a for a in args if a != "--seek"]:
        seconds = check(path, errors)
        if not seek or seconds is None or seconds < 12:
            continue
        ref = pcm(["-i", path])
        for q in (0.25, 0.5, 0.75):
            want = round(seconds * q, 2)
            at = landed(ref, pcm(["-noaccurate_seek", "-ss", str(want), "-i", path, "-t", "1"]), want)
            if at is None:
                errors.append("%s: seek to %.2f s: the audio is nowhere near" % (path, want))
                continue
            print("%s: seek to %.2f s landed at %.4f s (%+.4f)" % (path, want, at, at - want))
            if abs(at - want) > 0.027:
                errors.append("%s: seek to %.2f s landed %.3f s off" % (path, want, at - want))
    for e in errors:
        print("mp3_tag.py: " + e, file=sys.stderr)
    sys.exit(1 if errors else 0)


main()
