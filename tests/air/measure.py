#!/usr/bin/env python3
"""Measure a recording of a station's stream (8 kHz mono 16-bit WAV from
ffmpeg): for every 0.1 s window, its level and its frequency counted from
zero crossings. The real-stack test (tests/air/onair.sh) airs pure tones, so
what plays is known from the frequency alone:

  relay   300 Hz                       the fallback between programs
  P1      600 + 20*k Hz in second k    the program of the first slot (50 s)
  P2      1700 + 20*k Hz in second k   the program of the next week's slot (50 s)
  chime   3200 Hz                      the urgent notice's chime

Prints one line per window: "<seconds from the recording's start> <class>
<k or ->" where class is relay, p1, p2, chime, silence or other."""
import sys
import wave
import array


def classify(freq, rms):
    if rms < 300:
        return "silence", None
    if abs(freq - 300) <= 15:
        return "relay", None
    if abs(freq - 3200) <= 30:
        return "chime", None
    for name, base in (("p1", 600), ("p2", 1700)):
        k = (freq - base) / 20.0
        if -0.4 <= k <= 49.4 and abs(k - round(k)) <= 0.4:
            return name, int(round(k))
    return "other", None


def main(path):
    w = wave.open(path, "rb")
    if w.getnchannels() != 1 or w.getsampwidth() != 2:
        sys.exit("measure.py: need 16-bit mono")
    rate = w.getframerate()
    data = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        data.byteswap()
    win = rate // 10
    rows = []
    for i in range(0, len(data) - win + 1, win):
        block = data[i:i + win]
        rms = (sum(x * x for x in block) / win) ** 0.5
        crossings = sum(1 for a, b in zip(block, block[1:]) if (a < 0) != (b < 0))
        freq = crossings * rate / (2.0 * win)
        rows.append([i / rate] + list(classify(freq, rms)))
    # A window that straddles a program's step from second k to k+1 measures
    # a frequency between the two and classifies as "other"; whether one
    # does depends on where the steps fall against the 0.1 s grid (up to one
    # window a second). Such a window, between windows of seconds k and k+1
    # of the same program, is that program's audio: count it as second k.
    for j in range(1, len(rows) - 1):
        a, b = rows[j - 1], rows[j + 1]
        if rows[j][1] == "other" and a[1] == b[1] and a[1] in ("p1", "p2") and b[2] - a[2] == 1:
            rows[j][1], rows[j][2] = a[1], a[2]
    for t, cls, k in rows:
        print("%.1f %s %s" % (t, cls, "-" if k is None else k))


if __name__ == "__main__":
    main(sys.argv[1])
