#!/usr/bin/env python3
"""gen_man.py -- the section-3 man pages of iou, generated from
docs/reference.md (the one source of truth for the API's documentation).

Every `### ` heading of the reference that names functions, macros or
types in backticks becomes one page per name (the heading's text is the
page's description); every row of a table whose first cell names one
(the SQE setters, the accessors, the macros, the prep helper table...)
becomes a page with that row's text; the iou_sys_* block gives one page
per call. Private names (iou__*, IOU__*) get none. iou.3 lists them all.

    gen_man.py --list REFERENCE                 the page file names
    gen_man.py --outdir DIR --version V REFERENCE HEADER...
                                                write the pages
    gen_man.py --names REFERENCE                the names documented

The headers are only read to name the one that declares each name in the
SYNOPSIS.
"""
import argparse
import os
import re
import sys

NAME_RE = re.compile(r'^(?:struct |enum |typedef [^(]*\(\*)?\s*([A-Za-z_][A-Za-z0-9_]*)')
SKIP_SECTIONS = ('Conventions', 'Types', 'ABI constants')


def is_public(name):
    return (name.startswith('iou_') or name.startswith('IOU_')) and \
        not name.startswith('iou__') and not name.startswith('IOU__')


def item_name(item):
    """The name an item in backticks defines: `int iou_x(...)` -> iou_x,
    `IOU_X(a, b)` -> IOU_X, `struct iou_sim_opts` -> iou_sim_opts."""
    item = item.strip()
    m = re.match(r'typedef [^(]*\(\*\s*(\w+)\)', item)
    if m:
        return m.group(1)
    m = re.match(r'(?:struct|enum)\s+(\w+)$', item)
    if m:
        return m.group(1)
    m = re.search(r'(\w+)\s*\(', item)
    if m:
        return m.group(1)
    m = re.match(r'(\w+)$', item)
    return m.group(1) if m else None


def parse(path):
    """Sections of the reference: (level, title, body lines)."""
    secs = []
    cur = None
    fence = False
    for line in open(path, encoding='utf-8').read().split('\n'):
        if line.startswith('```'):
            fence = not fence
        if not fence and re.match(r'^#{1,3} ', line):
            level = len(line) - len(line.lstrip('#'))
            cur = [level, line[level + 1:].strip(), []]
            secs.append(cur)
        elif cur is not None:
            cur[2].append(line)
    return secs


def table_rows(lines):
    """(first cell, other cells) of each data row of the tables in lines."""
    rows = []
    for line in lines:
        if not line.startswith('|') or re.match(r'^\|\s*-', line):
            continue
        cells = [c.strip() for c in re.split(r'(?<!\\)\|', line.strip())[1:-1]]
        if len(cells) < 2:
            continue
        rows.append((cells[0], cells[1:]))
    return rows


def intro(lines):
    """The text of a section before its first table or code block."""
    out = []
    for line in lines:
        if line.startswith('|') or line.startswith('```'):
            break
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def collect(ref):
    """pages: name -> dict(sig, body lines, section, kind)."""
    pages = {}
    section = ''
    sec_intro = []

    def add(name, sig, body, kind, short=None):
        if not name or not is_public(name) or name in pages:
            return
        pages[name] = {'sig': sig, 'body': body, 'section': section,
                       'kind': kind, 'short': short or first_sentence(body)}

    for level, title, body in parse(ref):
        if level <= 2:
            section = re.sub(r'`', '', title)
            sec_intro = intro(body)
            # the ABI's constants and the types: one page each, by family
            if section.startswith('ABI constants'):
                add('iou_abi', 'iou_abi.h', body, 'family',
                    'the kernel ABI: io_uring structures and constants')
            elif section.startswith('Types'):
                add('iou_types', 'iou.h', body, 'family',
                    'the types of the iou API')
            if section.startswith(SKIP_SECTIONS):
                continue
            # tables straight under a level-2 heading (SQE setters...)
            for first, rest in table_rows(body):
                items = re.findall(r'`([^`]+)`', first)
                for it in items:
                    add(item_name(it), it, row_text(sec_intro, rest),
                        'inline')
            c_block(body, add)
            continue
        if section.startswith(SKIP_SECTIONS):
            continue
        items = re.findall(r'`([^`]+)`', title)
        kind = 'macro' if '*macro*' in title else \
            'inline' if '*inline*' in title else 'function'
        if items and re.match(r'^(\*\w+\*\s*)?`', title):
            for it in items:
                k = kind
                if it.startswith(('struct ', 'enum ', 'typedef ')):
                    k = 'type'
                add(item_name(it), it, body, k)
            # a table of functions under it (the register wrappers)
            for first, rest in table_rows(body):
                for it in re.findall(r'`([^`]+)`', first):
                    if '(' in it:
                        add(item_name(it), it, row_text(intro(body), rest),
                            'function')
            continue
        # a titled group: a C block of declarations, or each table row
        # naming a function or macro
        c_block(body, add)
        group_intro = intro(body)
        for first, rest in table_rows(body):
            for it in re.findall(r'`([^`]+)`', first):
                if title.startswith('Prep helper table'):
                    body2 = prep_body(it, rest, sec_intro)
                    add(it, prep_sig(it, rest[0]), body2, 'inline',
                        'prepare an SQE for ' + rest[1].strip('`'))
                else:
                    k = 'macro' if re.match(r'IOU_', it) else 'function'
                    add(item_name(it), it, row_text(group_intro, rest), k)
    return pages


def first_para(lines):
    out = []
    for l in lines:
        if not l.strip():
            if out:
                break
            continue
        out.append(l)
    return out


def c_block(body, add):
    """Each declaration of a ```c block (the iou_sys_* calls) gets a page
    with the text around the block."""
    text = '\n'.join(body)
    rest = re.sub(r'```c\n.*?```\n?', '', text, flags=re.S).split('\n')
    for b in re.findall(r'```c\n(.*?)```', text, re.S):
        for decl in b.split('\n'):
            decl = decl.strip().rstrip(';')
            if '(' in decl:
                add(item_name(decl), re.sub(r'\s+', ' ', decl), rest,
                    'function')


def row_text(lead, rest):
    """A table row as text: its description, a third column (what it
    returns) as a paragraph of its own, then the first paragraph of the
    text the table stands in."""
    out = [rest[0]]
    if len(rest) > 1:
        out += ['', 'Returns ' + rest[1] + '.']
    lead = first_para(lead)
    return out + ([''] + lead if lead else [])


def prep_sig(name, args):
    args = re.findall(r'`([^`]+)`', args)
    lead = [] if name == 'iou_prep_rw' else ['struct iou_sqe *sqe']
    return 'void %s(%s)' % (name, ', '.join(lead + args))


def prep_body(name, rest, sec_intro):
    op, fields, first = rest[1], rest[2], rest[3]
    paras, cur = [], []
    for l in sec_intro + ['']:
        if l.strip():
            cur.append(l)
        elif cur:
            paras.append(cur)
            cur = []
    return [
        'Prepares the SQE for opcode %s, setting %s (the other fields 0).'
        % (op, fields),
        '',
        'First kernel: %s (older kernels fail the request in its CQE).'
        % first,
        '',
    ] + (paras[1] if len(paras) > 1 else [])


# ---- markdown to roff ----------------------------------------------------

def esc(text):
    text = text.replace('\\|', '|').replace('\\', '\\e')
    return text.replace('-', '\\-')


def inline(text):
    """Markdown inline markup to roff fonts."""
    text = re.sub(r'\[([^\]]+)\]\([^)]+\)', r'\1', text)
    parts = re.split(r'(`[^`]*`)', text)
    out = []
    for p in parts:
        if p.startswith('`') and p.endswith('`') and len(p) >= 2:
            out.append('\\fB' + esc(p[1:-1]) + '\\fR')
        else:
            p = esc(p)
            p = re.sub(r'\*\*([^*]+)\*\*', r'\\fB\1\\fR', p)
            p = re.sub(r'(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])', r'\\fI\1\\fR', p)
            out.append(p)
    return ''.join(out)


def line_out(s):
    s = s.strip()
    if s.startswith(('.', "'")):
        s = '\\&' + s
    return s


def roff_body(lines):
    out = []
    fence = False
    for line in lines:
        if line.startswith('```'):
            if not fence:
                out += ['.PP', '.nf', '.RS 4']
            else:
                out += ['.RE', '.fi']
            fence = not fence
            continue
        if fence or line.startswith('    '):
            out.append(line_out(esc(line[4:] if not fence else line)) or '\\&')
            continue
        if not line.strip():
            if out and out[-1] != '.PP':
                out.append('.PP')
            continue
        if line.startswith('|'):
            if re.match(r'^\|\s*-', line):
                continue
            cells = [c.strip() for c in re.split(r'(?<!\\)\|', line.strip())[1:-1]]
            if len(cells) >= 2:
                out += ['.TP', line_out(inline(cells[0])),
                        line_out(inline(' '.join(cells[1:])))]
            continue
        m = re.match(r'^(\s*)[-*] (.*)', line)
        if m:
            out += ['.IP \\(bu 2', line_out(inline(m.group(2)))]
            continue
        out.append(line_out(inline(line)))
    while out and out[-1] in ('.PP',):
        out.pop()
    while out and out[0] == '.PP':
        out.pop(0)
    return out


def first_sentence(lines):
    text = ' '.join(l.strip() for l in lines
                    if l.strip() and not l.startswith(('|', '```', '    ')))
    text = re.sub(r'\[([^\]]+)\]\([^)]+\)', r'\1', text)
    text = text.replace('`', '').replace('*', '')
    m = re.match(r'(.+?[.:])(\s|$)', text)
    s = m.group(1) if m else text
    if len(s) > 100:
        s = s[:97].rsplit(' ', 1)[0] + '...'
    return s.rstrip('.:') or 'iou'


def split_returns(lines):
    """Paragraphs that start with "Returns" go to RETURN VALUE."""
    paras, cur = [], []
    for l in lines + ['']:
        if not l.strip():
            if cur:
                paras.append(cur)
            cur = []
        else:
            cur.append(l)
    desc, ret = [], []
    for p in paras:
        (ret if p[0].lstrip().startswith('Returns') else desc).append(p)
    join = lambda ps: [l for p in ps for l in p + ['']]
    return join(desc), join(ret)


# iou_prep.h includes iou_prep_net.h, and each names helpers of the other:
# a helper mentioned in them goes to the one that defines it (or, when
# another header defines it, on to that one).
PREP_HEADERS = ('iou_prep_net.h', 'iou_prep.h')


def header_of(name, headers):
    defn = re.compile(r'^static inline [^\n]*\b%s\(' % re.escape(name), re.M)
    defines = lambda h: bool(defn.search(headers[h]))
    for h in headers:
        text = headers[h]
        if re.search(r'\b%s\b' % re.escape(name), text):
            if h in PREP_HEADERS:
                owner = [p for p in headers if defines(p)]
                if owner and owner[0] not in PREP_HEADERS:
                    continue
                if owner:
                    return owner[0]
            return h
    return 'iou.h'


def page(name, p, version, headers, all_pages):
    desc, ret = split_returns(p['body'])
    short = p['short'] or name
    out = ['.\\" Generated by docs/gen_man.py from docs/reference.md: do not edit.',
           '.TH %s 3 "" "iou %s" "iou Programmer\'s Manual"' % (name.upper() if False else name, version),
           '.SH NAME', '%s \\- %s' % (esc(name), esc(short)),
           '.SH SYNOPSIS', '.nf', '.B #include <%s>' % header_of(name, headers), '.PP']
    sig = p['sig']
    if p['kind'] == 'family':
        out = out[:-3] + ['.B #include <iou.h>', '.fi']
        out += ['.SH DESCRIPTION'] + roff_body(p['body'])
        out += ['.SH SEE ALSO', '.BR iou (3)']
        return '\n'.join(out) + '\n'
    if p['kind'] in ('function', 'inline') and '(' in sig:
        out.append(line_out(esc(sig) + ';'))
    elif p['kind'] == 'type':
        out.append(line_out(esc(sig) + ';'))
    else:
        out.append(line_out(('#define ' if re.match(r'[A-Z_]', sig) or p['kind'] == 'macro' else '') + esc(sig)))
    out.append('.fi')
    if p['kind'] == 'inline':
        out += ['.PP', 'Defined \\fBstatic inline\\fR in the header.']
    out += ['.SH DESCRIPTION'] + (roff_body(desc) or ['See the reference.'])
    if ret:
        out += ['.SH RETURN VALUE'] + roff_body(ret)
    out += ['.SH NOTES', 'Conventions for every function (errors, ring '
            'checks, inline functions): \\fBiou\\fR(3).']
    same = [n for n in sorted(all_pages) if n != name and
            all_pages[n]['section'] == p['section']][:10]
    out += ['.SH SEE ALSO',
            ',\n'.join(['.BR iou (3)'] + ['.BR %s (3)' % n for n in same])]
    return '\n'.join(out) + '\n'


def overview(pages, version, ref):
    secs = {}
    for n, p in pages.items():
        secs.setdefault(p['section'], []).append(n)
    conv = []
    for level, title, body in parse(ref):
        if title == 'Conventions':
            conv = body
    out = ['.\\" Generated by docs/gen_man.py from docs/reference.md: do not edit.',
           '.TH iou 3 "" "iou %s" "iou Programmer\'s Manual"' % version,
           '.SH NAME', 'iou \\- one io_uring API over the real kernel and a simulated one',
           '.SH SYNOPSIS', '.nf', '.B #include <iou.h>',
           '.B #include <iou_sim.h>', '.fi',
           '.PP', 'Link with \\fI$(pkg-config --cflags --libs iou)\\fR.',
           '.SH DESCRIPTION',
           'iou is a C11 io_uring library with two backends: \\fBlinux\\fR, the real '
           'kernel through the raw syscalls, and \\fBsim\\fR, a deterministic '
           'simulated io_uring kernel for tests, fuzzing and exhaustive exploration.',
           '.SS Conventions'] + roff_body(conv)
    for s in secs:
        out += ['.SS ' + esc(s), '.nf'] + \
            ['\\fB%s\\fR(3)' % esc(n) for n in sorted(secs[s])] + ['.fi']
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--names', action='store_true')
    ap.add_argument('--outdir')
    ap.add_argument('--version', default='')
    ap.add_argument('reference')
    ap.add_argument('headers', nargs='*')
    a = ap.parse_args()
    pages = collect(a.reference)
    if a.names:
        print('\n'.join(sorted(pages)))
        return 0
    if a.list:
        print('\n'.join(['iou.3'] + ['%s.3' % n for n in sorted(pages)]))
        return 0
    headers = {}
    for h in a.headers:
        headers[os.path.basename(h)] = open(h, encoding='utf-8').read()
    # the most specific header first (iou.h includes the others)
    order = ['iou_prep_net.h', 'iou_prep.h', 'iou_sim_cmocka.h', 'iou_fuzz.h', 'iou_sim.h',
             'iou_version.h', 'iou_abi.h', 'iou.h']
    headers = {h: headers[h] for h in order if h in headers}
    os.makedirs(a.outdir, exist_ok=True)
    for n, p in pages.items():
        with open(os.path.join(a.outdir, n + '.3'), 'w', encoding='utf-8') as f:
            f.write(page(n, p, a.version, headers, pages))
    with open(os.path.join(a.outdir, 'iou.3'), 'w', encoding='utf-8') as f:
        f.write(overview(pages, a.version, a.reference))
    return 0


if __name__ == '__main__':
    sys.exit(main())
