#!/bin/sh
# Real sentences from public pages (tests/cases/real/*.tsv, rows:
# topic<TAB>source<TAB>input<TAB>reading written by hand) read as written:
# every row's input through `loa normalize`, compared with its reading
# ignoring case, punctuation, spaces and old/new tone-mark placement
# (hoà/hòa). Each failing row is printed with its file:line. Then item 4
# of issue 13: each line reads the same in its file, in reverse order and
# (every tenth) alone. And espeak-ng never reads what loa says in English.
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
T=$BUILD/test-normalize-real
mkdir -p "$T"
ls tests/cases/real/*.tsv > /dev/null 2>&1 || { echo "no tests/cases/real/*.tsv"; exit 1; }
python3 - "$LOA" "$T" tests/cases/real/*.tsv <<'PY'
import re, shutil, subprocess, sys, unicodedata

loa, tmp, files = sys.argv[1], sys.argv[2], sys.argv[3:]
# old-style tone placement (oà, uỷ) to the new (òa, ủy), as loa's cleanup does
OLD = {'oà': 'òa', 'oá': 'óa', 'oả': 'ỏa', 'oã': 'õa', 'oạ': 'ọa', 'oè': 'òe', 'oé': 'óe',
       'oẻ': 'ỏe', 'oẽ': 'õe', 'oẹ': 'ọe', 'uỳ': 'ùy', 'uý': 'úy', 'uỷ': 'ủy', 'uỹ': 'ũy',
       'uỵ': 'ụy'}


def norm(s):
    s = unicodedata.normalize('NFC', s).lower()
    for a, b in OLD.items():
        s = re.sub(a + r'(?!\w)', b, s)
    s = re.sub(r'[^\w\s]', ' ', s)
    return ' '.join(s.split())


def run(text):
    p = subprocess.run([loa, 'normalize'], input=text.encode(), capture_output=True)
    if p.returncode != 0:
        sys.exit('loa normalize failed: ' + p.stderr.decode())
    return p.stdout.decode().split('\n')


rows = bad = 0
alone_bad = 0
spoken = []
for f in files:
    items = []
    for no, line in enumerate(open(f, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        parts = line.split('\t')
        if len(parts) != 4 or not parts[2].strip() or not parts[3].strip():
            print('%s:%d: a row needs topic, source, input and reading' % (f, no))
            bad += 1
            continue
        items.append((no, parts[2], parts[3]))
    out = run(''.join(i[1] + '\n' for i in items))
    spoken += out[:len(items)]
    for (no, inp, want), got in zip(items, out):
        rows += 1
        if norm(got) != norm(want):
            bad += 1
            print('%s:%d: FAIL\n  input: %s\n  got:   %s\n  want:  %s' % (f, no, inp, got, want))
    # nothing crosses a line: the rows in reverse order, and every tenth
    # row alone, read exactly as in the file
    rev = run(''.join(i[1] + '\n' for i in reversed(items)))[:len(items)]
    rev.reverse()
    for k, ((no, inp, want), got) in enumerate(zip(items, out)):
        alone = rev[k] if k % 10 else run(inp + '\n')[0]
        if alone != got or rev[k] != got:
            alone_bad += 1
            print('%s:%d: differs out of its file\n  in file: %s\n  reversed: %s\n  alone:   %s'
                  % (f, no, got, rev[k], alone))
print('%d rows, %d failed, %d read differently alone' % (rows, bad, alone_bad))
# espeak-ng's Vietnamese voice never switches to English on what loa says:
# every word alone (so a switch names its word), then the whole text
en = 0
if shutil.which('espeak-ng'):
    words = sorted(set(w for line in spoken for w in re.findall(r'\w+', line)))
    with open(tmp + '/words.txt', 'w', encoding='utf-8') as f:
        f.write(''.join(w + '.\n' for w in words))
    with open(tmp + '/spoken.txt', 'w', encoding='utf-8') as f:
        f.write('\n'.join(spoken) + '\n')
    ph = subprocess.run(['espeak-ng', '-v', 'vi', '-q', '-x', '-f', tmp + '/words.txt'],
                        capture_output=True).stdout.decode().split('\n')
    for w, p in zip(words, ph):
        if '(en)' in p:
            en += 1
            print('espeak-ng reads "%s" in English: %s' % (w, p))
    whole = subprocess.run(['espeak-ng', '-v', 'vi', '-q', '-x', '-f', tmp + '/spoken.txt'],
                           capture_output=True).stdout.decode()
    if '(en)' in whole:
        en += 1
        print('espeak-ng switches to English in the running text')
    print('%d words spoken, %d read in English' % (len(words), en))
else:
    print('espeak-ng not installed: language check skipped')
sys.exit(1 if bad or alone_bad or en or rows < 800 else 0)
PY
