#!/usr/bin/env python3
"""Regenerates the prep-helper table of docs/reference.md from api/iou_prep.h
and api/iou_prep_net.h (the socket helpers, which iou_prep.h includes).

For every `static inline void iou_prep_<name>(...)` in them it lists
the arguments, the opcode, the SQE fields the helper writes (found by
following iou_prep_rw, sqe->field assignments and calls to other helpers,
with their arguments substituted) and the first kernel named in the comment
above the helper. Fields a helper leaves at 0 are not listed: every helper
but iou_prep_send_set_addr zeroes the whole SQE first.

The table replaces the lines between the heading "### Prep helper table"
and the next heading in docs/reference.md.

    docs/gen_prep_table.py           rewrite docs/reference.md
    docs/gen_prep_table.py --check   exit 1 when the table is out of date
    docs/gen_prep_table.py --print   print the table only
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEADERS = [os.path.join(ROOT, "api", h)
           for h in ("iou_prep.h", "iou_prep_net.h")]
REFERENCE = os.path.join(HERE, "reference.md")
HEADING = "### Prep helper table"

# Fields of struct iou_sqe in ABI order (aliases in the same union share a
# rank), to list fields in a stable order.
FIELD_ORDER = [
    "opcode", "flags", "ioprio", "fd",
    "off", "addr2", "cmd_op",
    "addr", "splice_off_in", "level", "optname",
    "len",
    "rw_flags", "fsync_flags", "poll32_events", "sync_range_flags",
    "msg_flags", "timeout_flags", "accept_flags", "cancel_flags",
    "open_flags", "statx_flags", "fadvise_advice", "splice_flags",
    "rename_flags", "unlink_flags", "hardlink_flags", "xattr_flags",
    "msg_ring_flags", "uring_cmd_flags", "waitid_flags", "futex_flags",
    "install_fd_flags", "nop_flags", "pipe_flags",
    "user_data", "buf_index", "buf_group", "personality",
    "splice_fd_in", "file_index", "optlen", "addr_len",
    "addr3", "optval",
]

CAST = re.compile(
    r"\(\s*(?:const\s+)?(?:u?int(?:8|16|32|64)_t|uintptr_t|unsigned|int|"
    r"long|void\s*\*|off_t)\s*\)\s*")


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                  text, flags=re.S)


def split_args(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def clean(expr):
    expr = CAST.sub("", expr.strip())
    expr = re.sub(r"iou__poll_mask\((.*)\)", r"\1", expr)
    return expr.strip()


def substitute(expr, env):
    def rep(m):
        name = m.group(0)
        if name in env:
            val = env[name]
            if re.fullmatch(r"[\w.]+", val) or not re.search(r"[-+|]", val):
                return val
            return "(" + val + ")"
        return name
    return re.sub(r"\b[A-Za-z_]\w*\b", rep, expr)


def parse_header(path):
    raw = open(path).read()
    funcs = {}
    order = []
    pat = re.compile(
        r"(?P<comment>/\*(?:(?!\*/).)*\*/)\s*\n"
        r"(?P<pre>(?:#\w[^\n]*\n)*)"
        r"static inline (?P<ret>[\w ]+?)\s*(?P<name>iou_\w+|iou__\w+)\s*"
        r"\((?P<params>[^)]*)\)\s*\{(?P<body>.*?)\n\}",
        re.S)
    for m in pat.finditer(raw):
        name = m.group("name")
        params = []
        for p in split_args(m.group("params").replace("\n", " ")):
            p = re.sub(r"\s+", " ", p)
            pname = re.findall(r"(\w+)\s*(?:\[\d*\])?$", p)[0]
            params.append((p, pname))
        comment = re.sub(r"\s*\n\s*\*\s*", " ",
                         m.group("comment")[2:-2]).strip()
        funcs[name] = {
            "params": params,
            "comment": comment,
            "body": strip_comments(m.group("body")),
        }
        order.append(name)
    return funcs, order


def fields_of(name, funcs, memo):
    """Field -> expression in terms of the helper's own parameters."""
    if name in memo:
        return memo[name]
    f = funcs[name]
    out = {}
    stmts = [s.strip() for s in f["body"].replace("\n", " ").split(";")]
    for st in stmts:
        st = re.sub(r"\s+", " ", st)
        if not st or st.startswith("#"):
            continue
        m = re.fullmatch(r"sqe->(\w+) (\|?=) (.*)", st)
        if m:
            field, op, expr = m.group(1), m.group(2), clean(m.group(3))
            if op == "|=" and out.get(field, "0") not in ("0", "NULL"):
                expr = out[field] + " | " + expr
            out[field] = expr
            continue
        m = re.fullmatch(r"(\w+)\((.*)\)", st)
        if not m:
            continue
        callee, args = m.group(1), split_args(m.group(2))
        if callee == "iou__sqe_zero":
            continue
        if callee == "iou_prep_rw":
            op, _, fd, addr, ln, off = [clean(a) for a in args]
            out.update({"opcode": op, "fd": fd, "addr": addr, "len": ln,
                        "off": off})
            continue
        if callee == "iou__set_target_fixed_file":
            idx = clean(args[1])
            out["file_index"] = ("IOU_FILE_INDEX_ALLOC"
                                 if idx == "IOU_FILE_INDEX_ALLOC - 1"
                                 else idx + " + 1")
            continue
        if callee == "iou__set_target_slot":
            out["file_index"] = clean(args[1]) + " + 1 (ALLOC stays ~0)"
            continue
        if callee in funcs:
            sub = fields_of(callee, funcs, memo)
            env = {pn: clean(a) for (_, pn), a in
                   zip(funcs[callee]["params"], args)}
            for k, v in sub.items():
                v = substitute(v, env)
                if v.startswith("IOU_FILE_INDEX_ALLOC + 1 ("):
                    v = "IOU_FILE_INDEX_ALLOC"
                out[k] = v
            continue
        raise SystemExit("gen_prep_table: %s: cannot follow %r" % (name, st))
    memo[name] = out
    return out


def first_kernel(comment):
    m = re.match(r"[A-Z_0-9]+ \((\d+\.\d+[^)]*)\)", comment)
    if m:
        return m.group(1).split(",")[0]
    m = re.search(r"\((?:[^()]*; )?(\d+\.\d+)\)", comment)
    return m.group(1) if m else ""


def fmt_fields(fields):
    keyed = sorted(fields.items(), key=lambda kv: (
        FIELD_ORDER.index(kv[0]) if kv[0] in FIELD_ORDER else 99, kv[0]))
    parts = []
    for k, v in keyed:
        if k == "opcode" or v in ("0", "NULL"):
            continue
        parts.append("`%s` = `%s`" % (k, v.replace("|", "\\|")))
    return ", ".join(parts) if parts else "(none)"


def table():
    funcs, order = {}, []
    for h in HEADERS:
        f, o = parse_header(h)
        funcs.update(f)
        order += o
    memo = {}
    rows = [
        "| helper | arguments after `sqe` | opcode | SQE fields set "
        "(the rest 0) | first kernel |",
        "| --- | --- | --- | --- | --- |",
    ]
    count = 0
    for name in order:
        if not name.startswith("iou_prep_"):
            continue
        f = funcs[name]
        fields = fields_of(name, funcs, memo)
        args = ", ".join("`%s`" % p for p, pn in f["params"]
                         if pn != "sqe") or "(none)"
        if name == "iou_prep_rw":
            args = ", ".join("`%s`" % p for p, _ in f["params"])
            op = "`op`"
            kernel = "the op's"
        else:
            op = "`%s`" % fields.get("opcode", "(unchanged)")
            kernel = first_kernel(f["comment"])
        if name == "iou_prep_send_set_addr":
            op = "(unchanged)"
            kernel = "6.0"
        shown = fmt_fields(fields)
        if name == "iou_prep_send_set_addr":
            shown += " (nothing else: amends a prepared SQE)"
        rows.append("| `%s` | %s | %s | %s | %s |" %
                    (name, args.replace("|", "\\|"), op, shown, kernel))
        count += 1
    note = ("%d helpers, generated by `docs/gen_prep_table.py` from "
            "`api/iou_prep.h` and `api/iou_prep_net.h`. Poll masks are stored with their 16-bit "
            "halves swapped on big-endian hosts. Field names are the ones "
            "the code writes; aliases share storage (`off`/`addr2`/"
            "`cmd_op`, `addr`/`splice_off_in`/`level`+`optname`, "
            "`buf_index`/`buf_group`, `file_index`/`splice_fd_in`/"
            "`optlen`/`addr_len`, `addr3`/`optval`)." % count)
    return "\n".join([note, ""] + rows) + "\n"


def main():
    t = table()
    if "--print" in sys.argv:
        sys.stdout.write(t)
        return 0
    doc = open(REFERENCE).read()
    start = doc.index(HEADING)
    body_start = doc.index("\n", start) + 1
    nxt = re.search(r"^#{1,3} ", doc[body_start:], flags=re.M)
    end = body_start + nxt.start() if nxt else len(doc)
    new = doc[:body_start] + "\n" + t + "\n" + doc[end:]
    if "--check" in sys.argv:
        if new != doc:
            sys.stderr.write("docs/reference.md: prep table out of date; "
                             "run docs/gen_prep_table.py\n")
            return 1
        return 0
    if new != doc:
        open(REFERENCE, "w").write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
