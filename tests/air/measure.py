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
    for i in range(0, len(data) - win + 1, win):
        block = data[i:i + win]
        rms = (sum(x * x for x in block) / win) ** 0.5
        crossings = sum(1 for a, b in zip(block, block[1:]) if (a < 0) != (b < 0))
        freq = crossings * rate / (2.0 * win)
        cls, k = classify(freq, rms)
        print("%.1f %s %s" % (i / rate, cls, "-" if k is None else k))


if __name__ == "__main__":
    main(sys.argv[1])
