#!/usr/bin/env python3
"""Every message format the code writes is in the message catalogue.

Reads the C sources (src/*.c, src/cli/*.c), finds each call of a function
that takes a message format (loai_diag_set, fail_at, cli_print, ...), takes
the string literals of its format argument (joined as C joins them; each
branch of a ?: on its own), and looks each up in src/msg_cat.c, whose
entries are E("english", "vietnamese") or V("vietnamese", "english"): the
format must be the side the code writes. Prints what is missing and exits 1.

usage: msg_cover.py [SRCDIR]   (default: src)
"""
import os
import re
import sys

# function name -> 0-based index of its format argument; functions declared
# with LOAI_PRINTF(n, m) in src/ are added (but for the writers of documents)
NOT_MESSAGES = {'loai_buf_printf', 'loai_out_printf'}
MSG_FUNCS = {
    'loai_diag_set': 1, 'loai_diag_at': 3, 'fail_at': 2, 'fail_plan': 2, 'defer': 5,
    'cli_usage_error': 1, 'cli_print': 1, 'cli_warn': 1, 'loa_msg_format': 1, 'LOA_MSG': 0,
}

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pre>^[ \t]*\#[^\n]*(?:\\\n[^\n]*)*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<num>\d[\w.]*)
  | (?P<op>[(),?:;{}\[\]])
  | (?P<other>\S)
''', re.S | re.M | re.X)


def unescape(lit):
    body = lit[1:-1]
    out = bytearray()
    i = 0
    raw = body.encode('utf-8')
    while i < len(raw):
        c = raw[i]
        if c != 0x5C:
            out.append(c)
            i += 1
            continue
        n = chr(raw[i + 1])
        i += 2
        simple = {'n': 10, 't': 9, 'r': 13, '"': 34, "'": 39, '\\': 92, '?': 63, 'a': 7,
                  'b': 8, 'f': 12, 'v': 11}
        if n in simple:
            out.append(simple[n])
        elif n == 'x':
            m = re.match(rb'[0-9a-fA-F]+', raw[i:])
            out.append(int(m.group(0), 16) & 0xFF)
            i += len(m.group(0))
        elif n in '01234567':
            m = re.match(rb'[0-7]{0,2}', raw[i:])
            out.append(int(n + m.group(0).decode(), 8) & 0xFF)
            i += len(m.group(0))
        else:
            out.append(ord(n))
    return out.decode('utf-8', 'replace')


def tokens(text):
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ('comment', 'pre'):
            continue
        yield kind, m.group(kind)


MACROS = {}


def read_printf_funcs(srcdir):
    """Functions declared with LOAI_PRINTF(n, m): their format is argument n."""
    for d in (srcdir, os.path.join(srcdir, 'cli')):
        if not os.path.isdir(d):
            continue
        for f in os.listdir(d):
            if f.endswith(('.c', '.h')):
                text = open(os.path.join(d, f), encoding='utf-8').read()
                # comments out first: "Tell the caller (B->res->notes) ..." is no declaration
                text = re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)
                for m in re.finditer(r'([A-Za-z_]\w*)\s*\([^;{]*?\)\s*LOAI_PRINTF\((\d+)', text, re.S):
                    if m.group(1) not in NOT_MESSAGES and m.group(1) != 'LOAI_PRINTF':
                        MSG_FUNCS.setdefault(m.group(1), int(m.group(2)) - 1)


def read_macros(srcdir):
    """#define NAME "literal" ... in the sources: formats may use them."""
    for d in (srcdir, os.path.join(srcdir, 'cli'), os.path.join(srcdir, '..', 'include', 'loa')):
        if not os.path.isdir(d):
            continue
        for f in os.listdir(d):
            if f.endswith(('.c', '.h')):
                for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+((?:"(?:[^"\\\n]|\\.)*"[ \t]*)+)$',
                                     open(os.path.join(d, f), encoding='utf-8').read(), re.M):
                    MACROS[m.group(1)] = ''.join(unescape(x) for x in
                                                 re.findall(r'"(?:[^"\\\n]|\\.)*"', m.group(2)))


def literal_groups(toks):
    """Runs of adjacent string literals in a token list (string macros
    included), each joined."""
    groups, cur = [], None
    for kind, val in toks:
        if kind == 'id' and val in MACROS and cur is not None:
            cur += MACROS[val]
        elif kind == 'str':
            cur = (cur or '') + unescape(val)
        else:
            if cur is not None:
                groups.append(cur)
            cur = None
    if cur is not None:
        groups.append(cur)
    return groups


def calls(toks, names):
    """(name, [arg token lists]) for each call of a function in NAMES."""
    for i, (kind, val) in enumerate(toks):
        if kind != 'id' or val not in names or i + 1 >= len(toks) or toks[i + 1][1] != '(':
            continue
        if i > 0 and toks[i - 1][0] == 'id' and toks[i - 1][1] not in ('return', 'else'):
            continue  # a declaration or definition: "loa_err fail_at("
        depth, args, cur = 0, [], []
        for kind2, val2 in toks[i + 2:]:
            if val2 in '([{' and kind2 == 'op':
                depth += 1
            elif val2 in ')]}' and kind2 == 'op':
                if depth == 0:
                    args.append(cur)
                    break
                depth -= 1
            elif val2 == ',' and depth == 0:
                args.append(cur)
                cur = []
                continue
            cur.append((kind2, val2))
        yield val, args


def code_formats(srcdir):
    found = {}
    files = sorted(os.path.join(d, f) for d in (srcdir, os.path.join(srcdir, 'cli'))
                   if os.path.isdir(d) for f in os.listdir(d) if f.endswith('.c'))
    for path in files:
        if os.path.basename(path) in ('msg_cat.c', 'check_msg.c'):
            continue
        toks = list(tokens(open(path, encoding='utf-8').read()))
        for name, args in calls(toks, MSG_FUNCS):
            k = MSG_FUNCS[name]
            if k < len(args):
                for fmt in literal_groups(args[k]):
                    found.setdefault(fmt, path)
    return found


def catalogue(srcdir):
    toks = list(tokens(open(os.path.join(srcdir, 'msg_cat.c'), encoding='utf-8').read()))
    code = set()
    for name, args in calls(toks, {'E', 'V'}):
        if len(args) == 2:
            side = literal_groups(args[0])
            if side:
                code.add(side[0])
    return code


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else 'src'
    read_macros(srcdir)
    read_printf_funcs(srcdir)
    have = catalogue(srcdir)
    missing = [(path, fmt) for fmt, path in code_formats(srcdir).items()
               if fmt not in have and fmt.strip() not in ('', '%s', '%s\n')]
    for path, fmt in sorted(missing):
        print('%s: not in src/msg_cat.c: %r' % (path, fmt))
    if missing:
        print('%d message formats are not in the catalogue: add each to src/msg_cat.c as '
              'E("english", "tiếng Việt") (or V(...) when the code writes Vietnamese)'
              % len(missing))
        return 1
    print('every message format is in the catalogue (%d)' % len(have))
    return 0


if __name__ == '__main__':
    sys.exit(main())
