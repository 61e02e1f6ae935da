#!/usr/bin/env python3
"""gen_corpus_sim_sqe.py -- writes the hand-built seeds of fuzz/sim_sqe/
into fuzz/corpus/sim_sqe/ (seed-*; files libFuzzer added stay).

The input format is described at the top of fuzz/sim_sqe/main.c; the command
numbers and argument layouts below must follow its enum cmd and cmd_*()
functions.  usage: fuzz/gen_corpus_sim_sqe.py [OUTDIR]
"""
import os
import struct
import sys

# enum cmd in sim_sqe/sim_sqe.h
(C_SQE_RAW, C_SQE, C_SQE2, C_NOPS, C_SUBMIT, C_SUBMIT_WAIT, C_SUBMIT_WAIT_TS,
 C_COPY, C_PEEK, C_PEEK_BATCH, C_WAIT_TS, C_WAIT, C_GET_EVENTS,
 C_REG_BUFS, C_REG_BUFS_SPARSE, C_UNREG_BUFS, C_BUFS_UPDATE,
 C_REG_FILES, C_REG_FILES_SPARSE, C_FILES_UPDATE, C_UNREG_FILES,
 C_BR_SETUP, C_BR_ADD, C_BR_FREE, C_PROBE, C_EVENTFD, C_REG_MISC,
 C_OPEN, C_PIPE, C_READ, C_WRITE, C_CLOSE, C_PATHOP,
 C_SET_IOV, C_SET_MSG, C_SET_FDS, C_SET_HOW, C_PEER) = range(38)

# header byte 7
OPT_TWICE, OPT_NO_SETTLE, OPT_PEER = 1, 2, 4

# kernel selector (header byte 0, bits 0-2)
K54, K510, K515, K519, K61, K66, K612, KNEW = range(8)
RANGE = 8  # bit 3: [kernel, NEWEST], the profile a tape choice

# setup flag bits (header bytes 3-4): SAFE_SETUP[] in sim_sqe/input.c
S_SUBMIT_ALL, S_COOP, S_TASKRUN_FLAG, S_SINGLE_ISSUER, S_DEFER = 1, 2, 4, 8, 16
S_NO_SQARRAY, S_CLAMP, S_SQPOLL, S_R_DISABLED, S_IOPOLL = 32, 64, 128, 256, 512

# opcodes (iou_abi.h)
OPS = ("NOP READV WRITEV FSYNC READ_FIXED WRITE_FIXED POLL_ADD POLL_REMOVE "
       "SYNC_FILE_RANGE SENDMSG RECVMSG TIMEOUT TIMEOUT_REMOVE ACCEPT "
       "ASYNC_CANCEL LINK_TIMEOUT CONNECT FALLOCATE OPENAT CLOSE FILES_UPDATE "
       "STATX READ WRITE FADVISE MADVISE SEND RECV OPENAT2 EPOLL_CTL SPLICE "
       "PROVIDE_BUFFERS REMOVE_BUFFERS TEE SHUTDOWN RENAMEAT UNLINKAT MKDIRAT "
       "SYMLINKAT LINKAT MSG_RING FSETXATTR SETXATTR FGETXATTR GETXATTR SOCKET "
       "URING_CMD SEND_ZC SENDMSG_ZC READ_MULTISHOT WAITID FUTEX_WAIT "
       "FUTEX_WAKE FUTEX_WAITV FIXED_FD_INSTALL FTRUNCATE BIND LISTEN RECV_ZC "
       "EPOLL_WAIT READV_FIXED WRITEV_FIXED PIPE").split()
OP = {n: i for i, n in enumerate(OPS)}
OP_LAST = len(OPS)

# sqe flags
FIXED, DRAIN, LINK, HARDLINK, ASYNC, BUFSEL, SKIP = 1, 2, 4, 8, 16, 32, 64

# fd selectors: slot k of the harness's fd table, or a special value
FD_NONE, FD_CWD = 0xf8, 0xf9
RING_FD = 0  # slot 0 holds fd 3 (the ring) until something replaces it

# paths (addr raw % 17); 0 would be NULL, so index i is written as 17 + i
P = {n: 17 + i for i, n in enumerate(
    ["/tmp/a", "/tmp/b", "/tmp/d", "/tmp/d/c", "", "relative", "/", "/tmp",
     "/tmp/d/../a", "/tmp/l", "/tmp/a/", "user.x", "..", "/tmp/d/e/f",
     "/nonexistent/x", "LONG", "UNTERMINATED"])}

O_RDONLY, O_WRONLY_CREAT, O_RDWR_CREAT_TRUNC, O_DIR, O_RDWR_EXCL = 0, 1, 2, 3, 4
O_APPEND_CREAT, O_RDWR_NONBLOCK, O_RDWR = 5, 6, 7

TIMEOUT_ABS, TIMEOUT_UPDATE, TIMEOUT_ETIME_SUCCESS = 1, 2, 32
TIMEOUT_MULTISHOT = 64
CANCEL_ALL, CANCEL_FD, CANCEL_ANY = 1, 2, 4


def ts(ms=0, us=0, sec=0, mode=0):
    """addr raw bits that sim_sqe/fix.c's ts_from() turns into a timespec."""
    v = ((ms * 1000 + us) << 5) | (sec << 3) | mode
    return v or (1 << 5)  # never 0 (NULL)


def tsb(sec=0, us=0):
    """The one-byte timeout of C_WAIT_TS / C_SUBMIT_WAIT_TS."""
    return (us << 5) | (sec << 3)


AT_FDCWD_LEN = 0xff9c  # the compact SQE's len sign-extends from 0xff00


def data(off):
    """addr raw bits for DATA + off (0 would be NULL)."""
    return 0x10000 + off


def hdr(kernel=KNEW, faults=0, sqlog=3, cq=0, flags=0, tape=b"", opts=0,
        odd=0, cqodd=0):
    return (bytes([kernel, faults, sqlog | (cq << 3) | (odd << 5) |
                   (cqodd << 7)]) +
            struct.pack("<HH", flags, len(tape)) + bytes([opts]) + tape)


def sqe(op, flags=0, fd=FD_NONE, ln=0, opf=0, off=0, ioprio=0, bidx=0,
        b13=0, addr=0, addr3=0, b19=0):
    return (bytes([C_SQE, op, flags, fd]) + struct.pack("<HIH", ln, opf, off) +
            bytes([ioprio, bidx, b13]) + struct.pack("<I", addr) +
            bytes([addr3, b19]))


def raw_sqe(b):
    return bytes([C_SQE_RAW]) + b.ljust(64, b"\0")[:64]


def nops(n, flags=0):
    return bytes([C_NOPS, n, flags])


SUBMIT = bytes([C_SUBMIT])
PEEK = bytes([C_PEEK])
GET_EVENTS = bytes([C_GET_EVENTS])
WAIT = bytes([C_WAIT])
PIPE = bytes([C_PIPE])
PROBE = bytes([C_PROBE, OP["READ"]])
PEER = bytes([C_PEER])
MSG_DATA, MSG_SEND_FD = 0, 1
MSG_RING_FLAGS_PASS = 2


def submit_wait(n):
    return bytes([C_SUBMIT_WAIT, n])


def submit_wait_ts(n, tsb):
    return bytes([C_SUBMIT_WAIT_TS, n, tsb])


def copy(count, wait=0):
    return bytes([C_COPY, count | (0x80 if wait else 0)])


def wait_ts(tsb):
    return bytes([C_WAIT_TS, tsb])


def peek_batch(n):
    return bytes([C_PEEK_BATCH, n])


def sys_open(path, fl):
    return bytes([C_OPEN, P[path] - 17, fl])


def sys_rw(wr, fd, off, ln):
    return bytes([C_WRITE if wr else C_READ, fd]) + struct.pack("<HH", off, ln)


def sys_close(fd):
    return bytes([C_CLOSE, fd])


def pathop(m, path):
    return bytes([C_PATHOP, m, P[path] - 17])


def reg_bufs(*iovs):
    return bytes([C_REG_BUFS, len(iovs)]) + b"".join(
        struct.pack("<HH", o, n) for o, n in iovs)


def reg_files(*fds):
    return bytes([C_REG_FILES, len(fds)]) + bytes(fds)


def files_update(off, *fds):
    return bytes([C_FILES_UPDATE, off, len(fds)]) + bytes(fds)


def br_setup(slot, log2, bgid):
    return bytes([C_BR_SETUP, slot, log2, bgid])


def br_add(slot, *bufs):
    return bytes([C_BR_ADD, slot, len(bufs)]) + b"".join(
        struct.pack("<HHB", o, n, bid) for o, n, bid in bufs)


def set_iov(i, off, ln):
    return bytes([C_SET_IOV, i]) + struct.pack("<HH", off, ln)


SEEDS = {}


def seed(name, *parts):
    SEEDS[name] = b"".join(parts)


# -- NOPs, links, drain, skip ---------------------------------------------------
seed("nops", hdr(), nops(8), SUBMIT, copy(8, 1), copy(8))
seed("nop-chain", hdr(), sqe(OP["NOP"], LINK), sqe(OP["NOP"], LINK),
     sqe(OP["NOP"]), submit_wait(3), copy(16))
seed("hardlink-fail", hdr(),
     sqe(OP["NOP"], HARDLINK), sqe(OP["READ"], LINK, fd=FD_NONE, ln=4,
                                   addr=data(0)),
     sqe(OP["NOP"]), SUBMIT, copy(16, 1), copy(16))
seed("link-fail-cancels-rest", hdr(),
     sqe(OP["NOP"], LINK, opf=1), sqe(OP["NOP"], LINK), sqe(OP["NOP"]),
     SUBMIT, copy(16, 1), copy(16))
seed("drain", hdr(), sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=1)),
     sqe(OP["NOP"], DRAIN), sqe(OP["NOP"]), SUBMIT, copy(4, 1), copy(4, 1),
     copy(4, 1))
seed("cqe-skip", hdr(), nops(4, SKIP), sqe(OP["NOP"], SKIP | LINK),
     sqe(OP["READ"], SKIP, fd=FD_NONE, ln=1, addr=data(1)), SUBMIT,
     copy(8), GET_EVENTS, copy(8))
seed("async-mix", hdr(), nops(6, ASYNC), SUBMIT, peek_batch(4), copy(8, 1),
     copy(8))
seed("submit-all-bad-op", hdr(kernel=KNEW, flags=S_SUBMIT_ALL), nops(3),
     sqe(OP_LAST), nops(3), SUBMIT, copy(16, 1), copy(16))
seed("short-submit-bad-op", hdr(sqlog=5), nops(8), sqe(OP_LAST), nops(8),
     SUBMIT, SUBMIT, copy(32, 1), copy(32))
seed("every-opcode", hdr(sqlog=7),
     *[sqe(op, fd=1, ln=1, addr=data(64), off=1) for op in range(OP_LAST + 1)],
     SUBMIT, copy(64, 1), copy(64), copy(64))
seed("every-opcode-5.4", hdr(kernel=K54, sqlog=7),
     *[sqe(op, fd=FD_NONE, ln=1, addr=data(64)) for op in range(OP_LAST + 1)],
     SUBMIT, SUBMIT, copy(64, 1), copy(64), copy(64))
seed("raw-sqes", hdr(), raw_sqe(bytes([OP["NOP"], 0, 0, 0, 0xff, 0xff, 0xff,
                                       0xff])),
     raw_sqe(bytes([OP["READ"], 0x80])), raw_sqe(bytes([0xfe])),
     raw_sqe(bytes([OP["TIMEOUT"]]) + b"\0" * 15 + struct.pack("<Q", 1)),
     SUBMIT, copy(8, 1), copy(8))

# -- timeouts and cancel ------------------------------------------------------------
seed("timeout-remove", hdr(), sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=5)),
     sqe(OP["TIMEOUT_REMOVE"], addr=0), SUBMIT, copy(4, 1), copy(4, 1))
seed("timeout-remove-5.15", hdr(kernel=K515),
     sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=5)),
     sqe(OP["TIMEOUT_REMOVE"], addr=0), SUBMIT, copy(4, 1), copy(4, 1))
seed("timeout-update", hdr(), sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=5)),
     sqe(OP["TIMEOUT_REMOVE"], opf=TIMEOUT_UPDATE, off=ts(ms=1) & 0xffff,
         addr=0), SUBMIT, copy(4, 1), copy(4, 1))
seed("timeout-count", hdr(), sqe(OP["TIMEOUT"], ln=1, off=2, addr=ts(sec=1)),
     nops(2), SUBMIT, copy(4, 1), copy(4, 1), copy(4))
seed("timeout-expire-wait", hdr(), sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=2)),
     sqe(OP["TIMEOUT"], ln=1, opf=TIMEOUT_ETIME_SUCCESS, addr=ts(us=100)),
     SUBMIT, wait_ts(tsb(sec=1)), WAIT, copy(4, 1), copy(4, 1))
seed("timeout-multishot", hdr(kernel=K66),
     sqe(OP["TIMEOUT"], ln=1, opf=TIMEOUT_MULTISHOT, off=3, addr=ts(ms=1)),
     SUBMIT, copy(1, 1), copy(1, 1), copy(1, 1), copy(4))
seed("timeout-multishot-forever", hdr(),
     sqe(OP["TIMEOUT"], ln=1, opf=TIMEOUT_MULTISHOT, addr=ts(ms=1)),
     SUBMIT, copy(2, 1), copy(2, 1), sqe(OP["ASYNC_CANCEL"], addr=0),
     SUBMIT, copy(4, 1), copy(4))
seed("timeout-abs", hdr(),
     sqe(OP["TIMEOUT"], ln=1, opf=TIMEOUT_ABS, addr=ts(ms=3)), SUBMIT,
     copy(4, 1))
seed("link-timeout-pipe", hdr(), PIPE,
     sqe(OP["READ"], LINK, fd=0, ln=16, addr=data(0)),
     sqe(OP["LINK_TIMEOUT"], ln=1, addr=ts(ms=1)), SUBMIT, copy(4, 1),
     copy(4, 1))
seed("link-timeout-nop", hdr(), sqe(OP["NOP"], LINK),
     sqe(OP["LINK_TIMEOUT"], ln=1, addr=ts(ms=1)), SUBMIT, copy(4, 1),
     copy(4, 1))
seed("cancel-pipe-read", hdr(), PIPE,
     sqe(OP["READ"], fd=0, ln=16, addr=data(0)),
     sqe(OP["ASYNC_CANCEL"], addr=0), SUBMIT, copy(4, 1), copy(4, 1))
seed("cancel-any-fd", hdr(), PIPE,
     sqe(OP["READ"], fd=0, ln=16, addr=data(0)),
     sqe(OP["READ"], fd=0, ln=16, addr=data(16)),
     sqe(OP["ASYNC_CANCEL"], fd=0, opf=CANCEL_FD | CANCEL_ALL), SUBMIT,
     copy(4, 1), copy(4, 1), copy(4))
seed("wait-timeout-hang", hdr(), wait_ts(tsb(sec=1)), WAIT,
     submit_wait(1), submit_wait_ts(1, 0x40))

# -- files ----------------------------------------------------------------------------
FILE_IO = [sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
           sqe(OP["WRITE"], LINK, fd=0, ln=100, addr=data(0)),
           sqe(OP["FSYNC"], LINK, fd=0),
           sqe(OP["READ"], fd=0, ln=100, addr=data(200), off=0),
           SUBMIT, copy(8, 1), copy(8, 1), copy(8, 1)]
seed("file-write-read", hdr(), *FILE_IO)
seed("file-write-read-5.10", hdr(kernel=K510), *FILE_IO)
seed("file-vectored", hdr(), sys_open("/tmp/b", O_RDWR_CREAT_TRUNC),
     set_iov(0, 0, 10), set_iov(1, 100, 20),
     sqe(OP["WRITEV"], LINK, fd=0, ln=2, addr=8),
     sqe(OP["READV"], fd=0, ln=2, addr=8, off=0),
     SUBMIT, copy(4, 1), copy(4, 1))
seed("openat-statx-close", hdr(),
     sqe(OP["OPENAT"], fd=FD_CWD, ln=0o644, opf=0o102, addr=P["/tmp/a"]),
     SUBMIT, copy(1, 1),
     sqe(OP["STATX"], fd=FD_CWD, ln=0xfff, addr=P["/tmp/a"], off=1),
     sqe(OP["CLOSE"], fd=0), SUBMIT, copy(4, 1), copy(4, 1))
seed("openat2", hdr(), bytes([C_SET_HOW, 0]) + struct.pack("<IHB", 0o102,
                                                            0o600, 0),
     sqe(OP["OPENAT2"], fd=FD_CWD, ln=24, addr=P["/tmp/b"], off=1),
     sqe(OP["OPENAT2"], fd=FD_CWD, ln=32, addr=P["/tmp/b"], off=1),
     SUBMIT, copy(4, 1), copy(4, 1))
seed("dirs", hdr(), sqe(OP["MKDIRAT"], fd=FD_CWD, ln=0o755,
                        addr=P["/tmp/d"]),
     sqe(OP["SYMLINKAT"], fd=FD_CWD, addr=P["/tmp/a"], off=P["/tmp/l"]),
     sqe(OP["LINKAT"], fd=FD_CWD, ln=AT_FDCWD_LEN, addr=P["/tmp/a"],
         off=P["/tmp/d/c"]),
     sqe(OP["RENAMEAT"], fd=FD_CWD, ln=AT_FDCWD_LEN, addr=P["/tmp/d/c"],
         off=P["/tmp/b"]),
     sqe(OP["UNLINKAT"], fd=FD_CWD, addr=P["/tmp/b"]),
     sqe(OP["UNLINKAT"], fd=FD_CWD, opf=0x200, addr=P["/tmp/d"]),
     sys_open("/tmp/a", O_WRONLY_CREAT), SUBMIT, copy(8, 1), copy(8, 1),
     copy(8))
seed("dirs-5.4", hdr(kernel=K54), sqe(OP["MKDIRAT"], fd=FD_CWD,
                                      addr=P["/tmp/d"]),
     sqe(OP["RENAMEAT"], fd=FD_CWD, ln=AT_FDCWD_LEN, addr=P["/tmp/a"],
         off=P["/tmp/b"]),
     SUBMIT, copy(4, 1), copy(4))
seed("fallocate-truncate", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     sqe(OP["FALLOCATE"], fd=0, addr=4096),
     sqe(OP["FTRUNCATE"], fd=0, off=100),
     sqe(OP["FADVISE"], fd=0, ln=10), sqe(OP["SYNC_FILE_RANGE"], fd=0),
     SUBMIT, copy(8, 1), copy(8, 1))
seed("sys-calls", hdr(), pathop(0, "/tmp/d"),
     sys_open("/tmp/d/c", O_WRONLY_CREAT), sys_rw(1, 0, 0, 300),
     sys_close(0), sys_open("/tmp/d/c", O_RDONLY), sys_rw(0, 1, 1000, 300),
     pathop(3, "/tmp"), pathop(1, "/tmp/d/c"), pathop(2, "/tmp/d"),
     sys_open("/tmp/d", O_DIR), sys_open("LONG", O_RDONLY))

# -- pipes ------------------------------------------------------------------------------
seed("pipe-splice-tee", hdr(), PIPE, PIPE,
     sys_rw(1, 1, 0, 100),
     sqe(OP["TEE"], fd=3, ln=50, b13=0),
     sqe(OP["SPLICE"], fd=3, ln=50, off=0xffff, b13=0, b19=1),
     sqe(OP["READ"], fd=2, ln=100, addr=data(500)),
     SUBMIT, copy(8, 1), copy(8, 1), copy(8, 1))
seed("pipe-file-splice", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     sys_rw(1, 0, 0, 200), PIPE,
     sqe(OP["SPLICE"], fd=2, ln=100, off=0xffff, b13=0),
     sqe(OP["READ"], fd=1, ln=100, addr=data(0)),
     SUBMIT, copy(4, 1), copy(4, 1))
seed("pipe-eof", hdr(), PIPE, sqe(OP["READ"], fd=0, ln=10, addr=data(0)),
     SUBMIT, sys_close(1), copy(4, 1))

# -- provided buffers ------------------------------------------------------------------
seed("provide-read-remove", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     sys_rw(1, 0, 0, 1000),
     sqe(OP["PROVIDE_BUFFERS"], fd=1, ln=64, bidx=1, addr=data(0)),
     SUBMIT, copy(1, 1),
     sqe(OP["READ"], BUFSEL, fd=0, ln=32, bidx=1, off=0),
     sqe(OP["READ"], BUFSEL, fd=0, ln=0, bidx=1, off=32),
     sqe(OP["REMOVE_BUFFERS"], fd=0xfb, bidx=1),
     SUBMIT, copy(8, 1), copy(8, 1), copy(8))
seed("provide-enobufs", hdr(kernel=K515), PIPE, sys_rw(1, 1, 0, 10),
     sqe(OP["READ"], BUFSEL, fd=0, ln=8, bidx=2),
     sqe(OP["REMOVE_BUFFERS"], fd=0xfb, bidx=2), SUBMIT, copy(4, 1),
     copy(4, 1))
seed("buf-ring-read", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     sys_rw(1, 0, 0, 1000), br_setup(0, 3, 1),
     br_add(0, (0, 100, 0), (100, 100, 1), (200, 100, 2)),
     sqe(OP["READ"], BUFSEL, fd=0, ln=50, bidx=1, off=0),
     sqe(OP["READ"], BUFSEL, fd=0, ln=50, bidx=1, off=50),
     sqe(OP["READV"], BUFSEL, fd=0, ln=1, bidx=1, off=100, addr=8),
     sqe(OP["READ"], BUFSEL, fd=0, ln=50, bidx=1, off=150),
     SUBMIT, copy(8, 1), copy(8, 1), bytes([C_BR_FREE, 0]))
seed("buf-ring-pipe-free", hdr(), PIPE, br_setup(1, 2, 3),
     sqe(OP["READ"], BUFSEL, fd=0, ln=10, bidx=3), SUBMIT,
     bytes([C_BR_FREE, 1]), sys_rw(1, 1, 0, 10), copy(4, 1))

# -- CQ overflow ----------------------------------------------------------------------
seed("overflow", hdr(sqlog=1, cq=1), nops(2), SUBMIT, nops(2), SUBMIT,
     nops(2), SUBMIT, GET_EVENTS, copy(1), GET_EVENTS, copy(8), copy(8))
seed("overflow-5.4-drop", hdr(kernel=K54, sqlog=1, cq=1), nops(2), SUBMIT,
     nops(2), SUBMIT, nops(2), SUBMIT, copy(8, 1), copy(8))
seed("overflow-5.10-ebusy", hdr(kernel=K510, sqlog=1, cq=1), nops(2),
     SUBMIT, nops(2), SUBMIT, nops(2), SUBMIT, copy(1), nops(2), SUBMIT,
     copy(8, 1), copy(8))
seed("overflow-timeouts", hdr(sqlog=2, cq=1),
     *[sqe(OP["TIMEOUT"], ln=1, addr=ts(us=10 * (i + 1))) for i in range(4)],
     SUBMIT, wait_ts(tsb(sec=1)), GET_EVENTS, copy(2), PEEK, PEEK,
     GET_EVENTS, copy(8))

# -- registrations ----------------------------------------------------------------------
seed("fixed-files", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     reg_files(0, FD_NONE, 0),
     sqe(OP["WRITE"], FIXED, fd=0xfa, ln=10, addr=data(0)),
     sqe(OP["READ"], FIXED, fd=0xfc, ln=10, addr=data(10), off=0),
     files_update(1, 0), files_update(0xff, 0),
     SUBMIT, copy(4, 1), copy(4, 1), bytes([C_UNREG_FILES]))
seed("fixed-files-sparse-direct", hdr(), bytes([C_REG_FILES_SPARSE, 4]),
     sqe(OP["OPENAT"], fd=FD_CWD, opf=0o102, ln=0o600, addr=P["/tmp/a"],
         b13=1),
     sqe(OP["OPENAT"], fd=FD_CWD, opf=0o102, ln=0o600, addr=P["/tmp/b"],
         b13=0xff),
     sqe(OP["CLOSE"], fd=0xfa, b13=1), SUBMIT, copy(4, 1), copy(4, 1),
     copy(4, 1))
seed("fixed-buffers", hdr(), sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     reg_bufs((0, 4096), (8192, 4096)),
     sqe(OP["WRITE_FIXED"], fd=0, ln=100, addr=0x10000, bidx=0),
     sqe(OP["READ_FIXED"], fd=0, ln=100, addr=0x10000 + 8192, bidx=1),
     sqe(OP["READ_FIXED"], fd=0, ln=5000, addr=0x10000, bidx=0),
     SUBMIT, copy(4, 1), copy(4, 1), bytes([C_UNREG_BUFS]),
     bytes([C_REG_BUFS_SPARSE, 4]),
     bytes([C_BUFS_UPDATE, 1, 0]) + struct.pack("<HH", 0, 100))
seed("probe-eventfd-misc", hdr(), PROBE, PIPE, bytes([C_EVENTFD, 0, 0]),
     bytes([C_EVENTFD, 1, 0]), bytes([C_EVENTFD, 2, 0]),
     *[bytes([C_REG_MISC, m, 1, 2]) for m in range(8)], nops(2), SUBMIT,
     copy(4, 1))
seed("r-disabled", hdr(flags=S_R_DISABLED), nops(2), SUBMIT,
     bytes([C_REG_MISC, 0, 0, 0]), SUBMIT, copy(4, 1))
seed("ring-flags", hdr(flags=S_SINGLE_ISSUER | S_DEFER | S_TASKRUN_FLAG |
                       S_NO_SQARRAY),
     nops(4), sqe(OP["TIMEOUT"], ln=1, addr=ts(us=50)), SUBMIT, PEEK,
     GET_EVENTS, copy(8, 1), copy(8, 1))
seed("sqpoll", hdr(flags=S_SQPOLL), nops(4), sqe(OP["NOP"], LINK),
     sqe(OP["NOP"]), SUBMIT, copy(8, 1), nops(2), copy(8, 1))
seed("coop-clamp", hdr(sqlog=7, cq=2, flags=S_COOP | S_CLAMP), nops(64),
     submit_wait_ts(64, tsb(us=5)), peek_batch(32), copy(64, 1))

# -- the tape, profiles, faults, determinism ----------------------------------------
seed("tape-orders", hdr(kernel=KNEW, tape=bytes(range(1, 40)), opts=1),
     sqe(OP["TIMEOUT"], ln=1, addr=ts(ms=1)), sqe(OP["TIMEOUT_REMOVE"]),
     nops(4), SUBMIT, copy(2, 1), copy(8, 1), *FILE_IO)
seed("kernel-range", hdr(kernel=K54 | RANGE, tape=b"\x03\x01\x00\x02",
                         opts=1), nops(3), *FILE_IO)
seed("faults", hdr(faults=0x3f, tape=bytes([1, 0, 2, 1, 0, 0, 3] * 6)),
     *FILE_IO, nops(4), SUBMIT, copy(8, 1))


# -- a second ring, teardown in flight, odd sizes -------------------------------
# The peer ring's fd goes to slot 0 of the fd table (the ring's own fd, 3, is
# gone from it then; slot 1 still holds 4 = the peer's fd too).
seed("msg-ring-data", hdr(opts=OPT_PEER),
     sqe(OP["MSG_RING"], fd=0, ln=42, off=7, addr=MSG_DATA),
     sqe(OP["MSG_RING"], fd=0, ln=7, off=8, addr=MSG_DATA,
         opf=MSG_RING_FLAGS_PASS, b13=5),
     sqe(OP["MSG_RING"], fd=5, ln=1, off=9, addr=MSG_DATA),
     SUBMIT, copy(8, 1), PEER, copy(8))
seed("msg-ring-self", hdr(), sqe(OP["MSG_RING"], fd=0, ln=3, off=1),
     SUBMIT, copy(4, 1), copy(4, 1))
seed("msg-ring-send-fd", hdr(opts=OPT_PEER),
     sys_open("/tmp/a", O_RDWR_CREAT_TRUNC), reg_files(1),
     bytes([C_REG_FILES_SPARSE, 4]),
     sqe(OP["MSG_RING"], fd=0, ln=0, off=3, addr=MSG_SEND_FD,
         addr3=0, b13=2),
     SUBMIT, copy(4, 1), PEER)
seed("teardown-in-flight", hdr(opts=OPT_NO_SETTLE), PIPE,
     sqe(OP["READ"], fd=0, ln=16, addr=data(0)),
     sqe(OP["READ"], LINK, fd=0, ln=16, addr=data(16)),
     sqe(OP["LINK_TIMEOUT"], ln=1, addr=ts(sec=2)),
     sqe(OP["TIMEOUT"], ln=1, opf=TIMEOUT_MULTISHOT, addr=ts(ms=1)),
     sqe(OP["NOP"], DRAIN), br_setup(0, 2, 1),
     sqe(OP["READ"], BUFSEL, fd=0, ln=16, bidx=1),
     nops(40), SUBMIT)
seed("teardown-overflowed", hdr(sqlog=1, cq=1, opts=OPT_NO_SETTLE),
     nops(2), SUBMIT, nops(2), SUBMIT, nops(2), SUBMIT)
seed("sizes-odd", hdr(sqlog=2, odd=1), nops(5), SUBMIT, copy(8, 1))
seed("sizes-zero", hdr(odd=2), nops(1), SUBMIT)
seed("sizes-clamp", hdr(odd=3, flags=S_CLAMP, cq=1, cqodd=1), nops(64),
     SUBMIT, copy(64, 1))
seed("sizes-cq-zero", hdr(cq=1, cqodd=1, flags=S_SUBMIT_ALL), nops(1),
     SUBMIT)


# -- the event loop and datagrams (issues 8, 9): sim_sqe/loop.c -----------------
# Their command bytes start at C_NEW_BYTE (6 * C_NCMDS), so older inputs keep
# their meaning: see cmd_of() in sim_sqe/commands.c.
C_NEW_BYTE = 6 * 38
(C_SOCK, C_SET_SA, C_EVOBJ, C_SYS2, C_LOOP_SQE, C_BR_SETUP_INC,
 C_SET_FUTEX) = range(C_NEW_BYTE, C_NEW_BYTE + 7)
INET, INET6, UNIX = 0, 1, 2
STREAM, DGRAM, SEQPACKET = 0, 4, 8  # cmd_sock's type bits (a >> 2) % 3
SA_LEN = 0xff  # sa_len(): *A.alen as the last C_SET_SA set it
FAULT_NETDGRAM = 1 << 6


def FD(n):
    """The fd selector for fd n >= 4 made by the input: the sim hands out
    the lowest fd (the ring is fd 3) and fd_add() fills the slots in order
    from 0, so the k-th fd made sits in slot k - 1."""
    return n - 4


def sock(m, a=0, b=0, fd=0):
    """m: 0 socket, 1 socketpair, 2 bind, 3 listen, 4 connect, 5 accept."""
    return bytes([C_SOCK, m, a, b, fd])


def set_sa(f, p=0):
    """f: 0 IPv4 loopback, 1 IPv6, 2 AF_UNIX /tmp/s<p>; port 4242 + p % 4."""
    return bytes([C_SET_SA, f, p])


def evobj(m, a=0, b=0, fd=0, ev=0):
    """m: 0 eventfd, 1 epoll_create1, 2 epoll_ctl (op 1 + b % 4, target
    fd_pick(a)), 3 epoll_wait (a events, timeout [0,1,10,-1][b & 3]),
    4 poll, 5 futex_wake."""
    return bytes([C_EVOBJ, m, a, b, fd]) + struct.pack("<I", ev)


def sys2(m, a=0, b=0, fd=0, v=0):
    """m: 0 fcntl 1 dup 2 fstat 3 lseek 4 ftruncate 5 fsync 6 rename
    7 sendto 8 recvfrom 9 getpeername 10 getsockopt 11 clock 12 sleep
    13 setsockopt; v: offset in DATA (low 16 bits), length (high)."""
    return bytes([C_SYS2, m, a, b, fd]) + struct.pack("<I", v)


def set_futex(m, i, v):
    return bytes([C_SET_FUTEX, m, i]) + struct.pack("<I", v)


(L_EPOLL_CTL, L_EPOLL_WAIT, L_POLL_RING, L_FUTEX_WAIT, L_FUTEX_WAKE,
 L_FUTEX_WAITV, L_XATTR, L_FIXED_FD_INSTALL, L_FTRUNCATE, L_ADVISE,
 L_SENDTO, L_RECVMSG, L_RECV_BUNDLE, L_CMD_SOCK, L_SENDMSG,
 L_SOCKET, L_BIND, L_LISTEN, L_CONNECT, L_ACCEPT) = range(20)


def lsqe(op, flags=0, fd=FD_NONE, a=0, b=0, c=0, d=0):
    """A well-formed SQE of a newer op (cmd_loop_sqe in sim_sqe/loop.c)."""
    return (bytes([C_LOOP_SQE, op, flags, fd, a, b]) +
            struct.pack("<HI", c, d) + b"\0")


def br_setup_inc(slot, log2, bgid):
    return bytes([C_BR_SETUP_INC, slot, log2, bgid])


def msg(namelen=0, iovi=0, iovlen=1, ctl=0, flags=0):
    return bytes([C_SET_MSG, namelen, iovi]) + struct.pack(
        "<HHI", iovlen, ctl, flags)


EPOLLIN, EPOLLOUT = 1, 4
seed("udp-sendto-recvfrom", hdr(),
     set_sa(INET, 0), sock(0, INET | DGRAM), sock(2, b=SA_LEN, fd=FD(4)),
     sock(0, INET | DGRAM), sys2(7, b=SA_LEN, fd=FD(5), v=(64 << 16)),
     sys2(8, b=SA_LEN, fd=FD(4), v=(128 << 16) | 256),
     sys2(9, b=SA_LEN, fd=FD(4)),
     lsqe(L_SENDTO, fd=FD(5), b=2, c=32),
     msg(namelen=16), lsqe(L_RECVMSG, fd=FD(4)),
     lsqe(L_RECVMSG, fd=FD(4), a=1),
     SUBMIT, copy(8, 1), copy(8))
seed("udp6-netdgram", hdr(faults=FAULT_NETDGRAM, tape=bytes(range(1, 64))),
     set_sa(INET6, 1), sock(0, INET6 | DGRAM), sock(2, b=SA_LEN, fd=FD(4)),
     sock(0, INET6 | DGRAM), sock(4, b=SA_LEN, fd=FD(5)),
     lsqe(L_SENDTO, fd=FD(5), b=1, c=100), lsqe(L_SENDTO, fd=FD(5), b=1,
                                                c=200),
     lsqe(L_SENDTO, fd=FD(5), b=1, c=300), SUBMIT, copy(8, 1),
     sys2(8, a=5, fd=FD(4), v=(512 << 16)),
     sys2(8, a=5, fd=FD(4), v=(512 << 16)),
     sys2(8, a=5, fd=FD(4), v=(512 << 16)), copy(8))
seed("unix-dgram-recvmsg-multishot", hdr(),
     sock(1, UNIX | DGRAM), br_setup(0, 3, 1),
     br_add(0, (0, 256, 0), (256, 256, 1), (512, 256, 2), (768, 256, 3)),
     msg(namelen=0), lsqe(L_RECVMSG, fd=FD(4), a=1, b=1),
     SUBMIT, sys2(7, a=2, fd=FD(5), v=(40 << 16)),
     sys2(7, a=2, fd=FD(5), v=(60 << 16) | 100),
     lsqe(L_SENDMSG, fd=FD(5)), SUBMIT, copy(8, 1), copy(8))
seed("unix-seqpacket-name", hdr(),
     set_sa(UNIX, 1), sock(0, UNIX | SEQPACKET), sock(2, b=SA_LEN, fd=FD(4)),
     sock(3, b=4, fd=FD(4)), sock(0, UNIX | SEQPACKET),
     sock(4, b=SA_LEN, fd=FD(5)), sock(5, fd=FD(4)),
     sys2(7, a=2, fd=FD(5), v=(16 << 16)),
     msg(namelen=110), lsqe(L_RECVMSG, fd=FD(6)), SUBMIT, copy(4, 1))
seed("recv-bundle-inc-ring", hdr(),
     sock(1, UNIX | STREAM), br_setup_inc(0, 3, 2),
     br_add(0, (0, 1024, 0), (1024, 1024, 1), (2048, 64, 2)),
     lsqe(L_RECV_BUNDLE, fd=FD(4), a=2), SUBMIT,
     sys_rw(1, FD(5), 0, 100), copy(4, 1),
     lsqe(L_RECV_BUNDLE, fd=FD(4), a=2, b=1), SUBMIT,
     sys_rw(1, FD(5), 0, 1500), sys_rw(1, FD(5), 0, 700), copy(8, 1),
     copy(8))
seed("recv-bundle-legacy-ring", hdr(),
     sock(1, UNIX | STREAM), br_setup(1, 2, 3),
     br_add(1, (0, 16, 0), (16, 16, 1), (32, 16, 2), (48, 16, 3)),
     sys_rw(1, FD(5), 0, 40),
     lsqe(L_RECV_BUNDLE, fd=FD(4), a=3), SUBMIT, copy(4, 1))
seed("eventfd-epoll", hdr(),
     evobj(0, a=0), evobj(1), evobj(2, a=FD(4), b=0, fd=FD(5), ev=EPOLLIN),
     lsqe(L_EPOLL_WAIT, fd=FD(5), a=8), SUBMIT,
     bytes([C_EVENTFD, 0, FD(4)]),
     sys_rw(1, FD(4), 0, 8), copy(4, 1),
     evobj(3, a=8, b=1, fd=FD(5)), evobj(4, a=2, b=0, fd=FD(4), ev=0x11),
     lsqe(L_EPOLL_CTL, fd=FD(5), a=FD(4), b=2, d=EPOLLIN | EPOLLOUT),
     lsqe(L_EPOLL_CTL, fd=FD(5), a=FD(4), b=1), SUBMIT, copy(4, 1),
     bytes([C_EVENTFD, 2, 0]), copy(8))
seed("poll-ring-fd", hdr(),
     bytes([C_EVENTFD, 1, FD(4)]), evobj(0, a=1, b=2),
     lsqe(L_POLL_RING, b=4 | 2), lsqe(L_POLL_RING, b=2),
     nops(2), SUBMIT, copy(8, 1), copy(8))
seed("futex-wait-wake-waitv", hdr(),
     lsqe(L_FUTEX_WAIT, a=0, d=1), lsqe(L_FUTEX_WAITV, a=3),
     lsqe(L_FUTEX_WAIT, a=1, d=2), SUBMIT,
     lsqe(L_FUTEX_WAKE, a=1, d=1), SUBMIT, copy(4, 1),
     set_futex(0, 2, 0), evobj(5, a=2, b=8), copy(4, 1),
     set_futex(1, 0, (9 << 8) | 0), lsqe(L_FUTEX_WAITV, a=1),
     set_futex(0, 0, 5), lsqe(L_FUTEX_WAIT, a=0, d=0), SUBMIT,
     evobj(5, a=0, b=1), copy(8, 1), copy(8))
seed("xattr-install-truncate-advise", hdr(),
     sys_open("/tmp/a", O_RDWR_CREAT_TRUNC), reg_files(FD(4)),
     lsqe(L_XATTR, fd=FD(4), b=0, c=16), lsqe(L_XATTR, fd=FD(4), b=2, c=64),
     lsqe(L_XATTR, b=1, c=8, d=0), lsqe(L_XATTR, b=3, c=32, d=0),
     lsqe(L_FIXED_FD_INSTALL, a=0), lsqe(L_FTRUNCATE, fd=FD(4), d=4096),
     lsqe(L_ADVISE, fd=FD(4), a=2, c=100, d=0),
     lsqe(L_ADVISE, b=1, a=4, c=4096), SUBMIT, copy(16, 1), copy(16))
seed("sys-calls-loop", hdr(),
     sys_open("/tmp/a", O_RDWR_CREAT_TRUNC), sys2(0, a=0, fd=FD(4)),
     sys2(0, a=1, b=1, fd=FD(4)), sys2(1, fd=FD(4)), sys2(2, fd=FD(4)),
     sys2(3, a=2, fd=FD(4), v=10), sys2(4, fd=FD(4), v=100),
     sys2(5, fd=FD(4)), sys2(6, P["/tmp/a"] - 17, fd=FD(4)),
     bytes([P["/tmp/a"] - 17, P["/tmp/b"] - 17]),
     sys2(11), sys2(12, v=500), sys2(0, a=4, fd=FD(4), b=0x80, v=10))
seed("tcp-cmd-sock", hdr(),
     set_sa(INET, 2), sock(0, INET | STREAM), sock(2, b=SA_LEN, fd=FD(4)),
     sock(3, b=8, fd=FD(4)), sock(0, INET | STREAM),
     sock(4, b=SA_LEN, fd=FD(5)), sock(5, fd=FD(4)),
     sys2(10, a=0, fd=FD(5)), sys2(13, a=0, b=4, fd=FD(5)),
     lsqe(L_CMD_SOCK, fd=FD(5), a=0, b=2), lsqe(L_CMD_SOCK, fd=FD(5), a=4,
                                               b=3),
     lsqe(L_CMD_SOCK, fd=FD(5), b=0), lsqe(L_CMD_SOCK, fd=FD(5), b=1),
     lsqe(L_SOCKET, a=INET | DGRAM), SUBMIT, copy(8, 1), copy(8))

seed("tcp-sqe-bind-listen-accept", hdr(),
     set_sa(INET, 3), sock(0, INET | STREAM), sock(0, INET | STREAM),
     lsqe(L_BIND, LINK, fd=FD(4), b=SA_LEN),
     lsqe(L_LISTEN, LINK, fd=FD(4), b=16),
     lsqe(L_ACCEPT, fd=FD(4), b=8), SUBMIT,
     lsqe(L_CONNECT, fd=FD(5), b=SA_LEN), SUBMIT, copy(8, 1), copy(8, 1),
     sys2(7, a=2, fd=FD(5), v=(32 << 16)), copy(8))
seed("unix-stream-sqe-accept-madvise", hdr(),
     set_sa(UNIX, 2), sock(0, UNIX | STREAM), sock(0, UNIX | STREAM),
     lsqe(L_BIND, fd=FD(4), b=SA_LEN), lsqe(L_LISTEN, fd=FD(4), b=4),
     SUBMIT, lsqe(L_ACCEPT, fd=FD(4), b=2), lsqe(L_CONNECT, fd=FD(5),
                                                 b=SA_LEN),
     lsqe(L_ADVISE, a=0, b=1, c=4096, d=1), SUBMIT, copy(8, 1), copy(8))

# an empty value read back into a buffer (UBSan: memcpy from NULL, fixed)
seed("xattr-empty-value", hdr(),
     sys_open("/tmp/a", O_RDWR_CREAT_TRUNC),
     lsqe(L_XATTR, LINK, fd=FD(4), b=0, c=0),
     lsqe(L_XATTR, fd=FD(4), b=2, c=16), SUBMIT, copy(4, 1), copy(4))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "sim_sqe")
    os.makedirs(out, exist_ok=True)
    for name, blob in SEEDS.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(blob)
    print("wrote %d seeds to %s" % (len(SEEDS), out))


if __name__ == "__main__":
    main()
