#!/usr/bin/env python3
"""Median fundamental frequency (F0, Hz) of the voiced parts of audio files.

usage: f0.py FILE...   prints "FILE MEDIAN_HZ VOICED_FRAMES" per file

Decoded by ffmpeg to 8 kHz mono; 40 ms frames every 20 ms; a frame is
voiced when it is loud enough and its normalized autocorrelation peak in the
70-400 Hz lag range reaches 0.5; F0 is the rate over that lag. Plain Python:
no numpy on a stock Debian.
"""
import struct
import subprocess
import sys

RATE = 8000


def samples(path):
    raw = subprocess.run(['ffmpeg', '-v', 'error', '-i', path, '-ac', '1', '-ar', str(RATE),
                          '-f', 's16le', '-'], capture_output=True, check=True).stdout
    return struct.unpack('<%dh' % (len(raw) // 2), raw)


def f0_median(x):
    frame, hop = int(0.04 * RATE), int(0.02 * RATE)
    lo, hi = RATE // 400, RATE // 70
    peak = max((abs(v) for v in x), default=0)
    found = []
    for start in range(0, len(x) - frame - hi, hop):
        seg = x[start:start + frame + hi]
        energy = sum(v * v for v in seg[:frame])
        if energy < frame * (0.05 * peak) ** 2:
            continue
        best, lag_at = 0.0, 0
        for lag in range(lo, hi + 1):
            c = sum(seg[i] * seg[i + lag] for i in range(frame))
            if c > best:
                best, lag_at = c, lag
        if lag_at and best >= 0.5 * energy:
            found.append(RATE / lag_at)
    found.sort()
    return (found[len(found) // 2] if found else 0.0), len(found)


for p in sys.argv[1:]:
    hz, n = f0_median(samples(p))
    print('%s %.1f %d' % (p, hz, n))
