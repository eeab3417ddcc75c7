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
