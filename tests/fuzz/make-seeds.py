#!/usr/bin/env python3
"""Write the fuzzers' seed corpora (tests/fuzz/corpus-*/seed-*) from the
tests and examples: normalize cases, demo scripts, demo config. Re-run it
when those change; crash-* files kept beside the seeds are left alone."""
import glob, os, re

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
os.chdir(root)

def out(name, i, data):
    d = 'tests/fuzz/corpus-' + name
    os.makedirs(d, exist_ok=True)
    with open('%s/seed-%03d' % (d, i), 'wb') as f:
        f.write(data)

for name in ('normalize', 'script', 'config', 'utf8'):
    for f in glob.glob('tests/fuzz/corpus-%s/seed-*' % name):
        os.remove(f)

# normalize: each case input, one per file, prefixed with a dialect byte
# ('0' north, '1' central, '2' south: the harness takes byte % 3).
dialect = '0'
inputs = []
lines = open('tests/cases/normalize.txt', encoding='utf-8').read().split('\n')
i = 0
while i < len(lines):
    l = lines[i]
    if l.startswith('@dialect'):
        dialect = {'north': '0', 'central': '1', 'south': '2'}.get(l.split()[1], '0')
    elif l and not l.startswith('#'):
        inputs.append(dialect + l)
        i += 2
        continue
    i += 1
# Group cases 8 to a file: fewer, richer seeds.
for k in range(0, len(inputs), 8):
    chunk = inputs[k:k + 8]
    out('normalize', k // 8, (chunk[0][0] + '\n'.join(c[1:] for c in chunk)).encode())

scripts = sorted(glob.glob('examples/scripts/*.txt')) + ['examples/thuong-truc.txt']
for n, p in enumerate(scripts):
    out('script', n, open(p, 'rb').read())
    out('utf8', n, open(p, 'rb').read())
    body = open(p, 'rb').read().split(b'---\n', 1)[-1]
    out('normalize', 500 + n, b'0' + body)

# The demo's two configurations and the five commune files district.cfg
# includes (province.cfg's other 97 add nothing new to a fuzzer).
main = open('examples/district.cfg', encoding='utf-8').read()
communes = ['examples/' + c for c in re.findall(r'@include "(communes/[^"]+)"', main)]
cfgs = ['examples/district.cfg', 'examples/province.cfg'] + communes
for n, p in enumerate(cfgs):
    out('config', n, open(p, 'rb').read())
# One self-contained district (stations and groups inline) so mutations reach station checks.
stations = ',\n'.join(open(p, encoding='utf-8').read() for p in communes)
groups = open('examples/groups.cfg', encoding='utf-8').read()
main = re.sub(r'stations = \((.|\n)*\);', 'stations = (\n' + stations.replace('\\', '\\\\') + '\n);', main)
main = main.replace('@include "groups.cfg"', groups.replace('\\', '\\\\'))
out('config', 100, main.encode())

# utf8: a few edge sequences beside the scripts.
for n, b in enumerate([b'', b'\xc3\xa0', b'\xe0\xa0\x80', b'\xf0\x90\x80\x80', b'\xed\x9f\xbf',
                       b'\xef\xbb\xbfTi\xc3\xaau \xc4\x91\xe1\xbb\x81\r\n']):
    out('utf8', 100 + n, b)

# jingle: small audio files, the kinds of bad jingles issue 20 found (fuzz_jingle.c).
import math, struct
for f in glob.glob('tests/fuzz/corpus-jingle/seed-*'):
    os.remove(f)

def wav(samples, rate=22050, channels=1, fmt='pcm16'):
    if fmt == 'pcm16':
        data = struct.pack('<%dh' % len(samples), *[max(-32768, min(32767, int(round(x * 32767)))) for x in samples])
        tag, bits = 1, 16
    elif fmt == 'u8':
        data = bytes(max(0, min(255, int(round(128 + x * 127)))) for x in samples)
        tag, bits = 1, 8
    else:
        data = struct.pack('<%df' % len(samples), *samples)
        tag, bits = 3, 32
    block = channels * bits // 8
    fmtc = struct.pack('<HHIIHH', tag, channels, rate, rate * block, block, bits)
    body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmtc)) + fmtc + b'data' + struct.pack('<I', len(data)) + data
    return b'RIFF' + struct.pack('<I', len(body)) + body

def tone(n, rate, f=440.0, a=0.3):
    return [a * math.sin(2 * math.pi * f * i / rate) for i in range(n)]

clicks = [0.0] * 30870
for i in range(0, len(clicks), 4410):
    clicks[i] = 1.0
nan = tone(6615, 22050)
nan[1000] = float('nan')
big = tone(6615, 22050)
big[2000] = 100.0
stereo = []
for x in tone(14400, 48000, 523.0):
    stereo += [x, -x * 0.5]
for n, b in enumerate([
        wav(tone(11025, 22050)),                                    # a plain tone
        wav(clicks, 44100),                                         # a full-scale click every 100 ms
        wav([0.9] * 11025),                                         # DC
        wav([0.9 * math.sin(2 * math.pi * 3 * i / 22050) for i in range(13230)]),  # 3 Hz rumble
        wav(nan, fmt='float'),                                      # a NaN sample
        wav(big, fmt='float'),                                      # +40 dBFS in a float WAV
        wav(tone(5512, 11025), 11025, fmt='u8'),                    # 8-bit
        wav(stereo, 48000, 2),                                      # stereo 48 kHz
        wav([0.0] * 11025),                                         # silence
        wav(tone(11025, 22050))[:30]]):                             # a header cut short
    out('jingle', n, b)
# The profile is the input's size modulo 4: the clicks and the tone again in
# broadcast (1) and lowband (3), the two profiles the clicks once broke.
for n, b in enumerate([wav(clicks, 44100), wav(tone(11025, 22050))]):
    for want in (1, 3):
        out('jingle', 100 + 2 * n + (want == 3), b + b'\0' * ((want - len(b)) % 4))
