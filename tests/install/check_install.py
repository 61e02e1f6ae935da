#!/usr/bin/env python3
"""check_install.py -- iou installs like a C library.

Builds the source tree with -Dtests=disabled into a scratch directory,
installs it to a DESTDIR, and checks what a packager and a user see:

  build    nothing but the library, headers, pkg-config file and man pages
           (no test, example, benchmark or fuzz executables)
  soname   libiou.so -> libiou.so.0 -> libiou.so.<version>, SONAME
           libiou.so.0; libiou.a installed too
  exports  every dynamic symbol is declared in an installed header (the
           public API), and every IOU_API function is exported
  headers  under include/iou/ only; <iou.h> and <iou/iou.h> both compile
  pkgconf  a consumer links shared (NEEDED libiou.so.0) and, with
           `pkg-config --static`, fully static; both run
  man      `man iou_prep_read` finds the page with MANPATH; pages exist for
           >= 95% of the public functions and macros of the headers
  doc      the example programs' sources are in share/doc/iou/examples

    check_install.py SOURCE_DIR [CC]
Prints one line per check; exit 0 when all pass, 77 when a tool is
missing. """
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.abspath(sys.argv[1])
CC = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('CC', 'cc')
failed = []


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check(name, ok, detail=''):
    print('%-8s %s%s' % (name, 'ok' if ok else 'FAILED',
                         (': ' + detail) if detail else ''))
    if not ok:
        failed.append(name)


def public_names(incdir):
    """(IOU_API functions, all public functions and macros) of the
    installed headers."""
    api, names = set(), set()
    for h in os.listdir(incdir):
        text = open(os.path.join(incdir, h)).read()
        for m in re.finditer(r'^IOU_API\b[^;]*?\b(\w+)\s*\(', text, re.M | re.S):
            api.add(m.group(1))
        for m in re.finditer(r'^static inline\b[^;{]*?\b(iou_\w+)\s*\(', text,
                             re.M | re.S):
            names.add(m.group(1))
        for m in re.finditer(r'^#\s*define\s+(iou_\w+|IOU_[A-Z0-9_]+)', text,
                             re.M):
            names.add(m.group(1))
    names |= api
    guards = {n for n in names if n.endswith('_H') or n == 'IOU_API'}
    private = {n for n in names if n.startswith(('iou__', 'IOU__'))}
    return api - private, names - guards - private


CONSUMER = r'''
#include <iou.h>
#include <iou/iou_sim.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct iou_sim *sim = iou_sim_new(NULL);
	struct iou ring;
	struct iou_cqe *cqe;

	if (strcmp(iou_version(), IOU_VERSION_STRING) ||
	    !IOU_CHECK_VERSION(0, 0, 1))
		return 1;
	if (!sim || iou_queue_init_sim(4, &ring, 0, sim))
		return 2;
	iou_prep_nop(iou_get_sqe(&ring));
	if (iou_submit_and_wait(&ring, 1) != 1 || iou_peek_cqe(&ring, &cqe))
		return 3;
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	printf("consumer ok %s\n", iou_version());
	return 0;
}
'''


def subproject(tmp):
    """A one-file consumer with iou as a meson subproject builds the
    library and nothing else of iou, and includes <iou/iou.h>."""
    proj = os.path.join(tmp, 'consumer-proj')
    os.makedirs(os.path.join(proj, 'subprojects'))
    os.symlink(SRC, os.path.join(proj, 'subprojects', 'iou'))
    open(os.path.join(proj, 'meson.build'), 'w').write(
        "project('consumer', 'c')\n"
        "iou_dep = dependency('iou', fallback : ['iou', 'iou_dep'])\n"
        "executable('consumer', 'consumer.c', dependencies : iou_dep)\n")
    open(os.path.join(proj, 'consumer.c'), 'w').write(
        CONSUMER.replace('#include <iou.h>', '#include <iou/iou.h>'))
    b = os.path.join(tmp, 'consumer-build')
    r = run(['meson', 'setup', b, proj], env=dict(os.environ, CC=CC))
    if r.returncode:
        check('subproj', False, r.stdout[-2000:])
        return
    targets = run(['ninja', '-C', b, '-t', 'targets', 'all']).stdout
    exes = sorted(set(t for t in re.findall(r'^([^\s:]+): c_LINKER',
                                            targets, re.M) if '.so' not in t))
    r = run(['ninja', '-C', b])
    r2 = run([os.path.join(b, 'consumer')],
             env=dict(os.environ, LD_LIBRARY_PATH=os.path.join(b, 'subprojects', 'iou')))
    check('subproj', r.returncode == 0 and r2.returncode == 0 and
          exes == ['consumer'], 'executables linked: %s; consumer %s' % (
              ' '.join(exes), 'runs' if r2.returncode == 0 else 'FAILED ' + r.stdout[-1500:]))


def main():
    for tool in ('meson', 'ninja', 'pkg-config', 'readelf', 'nm', 'man'):
        if not shutil.which(tool):
            print('%s not found: skipping' % tool)
            return 77
    tmp = tempfile.mkdtemp(prefix='iou-install-')
    try:
        return checks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checks(tmp):
    build, dest = os.path.join(tmp, 'build'), os.path.join(tmp, 'dest')
    env = dict(os.environ, CC=CC)
    r = run(['meson', 'setup', build, SRC, '-Dtests=disabled',
             '--prefix=/usr', '--libdir=lib', '--buildtype=release'], env=env)
    if r.returncode:
        print(r.stdout[-3000:], r.stderr[-3000:])
        check('setup', False)
        return 1
    r = run(['ninja', '-C', build])
    check('build', r.returncode == 0, r.stdout[-2000:] if r.returncode else '')
    if r.returncode:
        return 1
    exes = []
    for root, dirs, files in os.walk(build):
        if 'meson-private' in root:
            continue
        for f in files:
            p = os.path.join(root, f)
            if os.access(p, os.X_OK) and not os.path.islink(p) and \
                    '.so' not in f and open(p, 'rb').read(4) == b'\x7fELF':
                exes.append(os.path.relpath(p, build))
    r = run(['meson', 'install', '-C', build, '--destdir', dest,
             '--no-rebuild'])
    check('install', r.returncode == 0, r.stderr[-2000:] if r.returncode else '')
    installed = set()
    for root, dirs, files in os.walk(dest):
        installed |= set(files)
    extra = [x for x in exes if os.path.basename(x) not in installed]
    check('build', not extra, 'only what installs: the library and %s%s' % (
        ', '.join(sorted(os.path.basename(x) for x in exes)) or 'no program',
        '; not installed: ' + ', '.join(extra) if extra else ''))
    usr = os.path.join(dest, 'usr')
    lib = os.path.join(usr, 'lib')

    # soname
    so = os.path.join(lib, 'libiou.so')
    real = os.path.realpath(so)
    soname = re.search(r'SONAME\)\s+Library soname: \[([^\]]+)\]',
                       run(['readelf', '-d', real]).stdout)
    check('soname', soname is not None and soname.group(1) == 'libiou.so.0' and
          os.path.islink(so) and os.path.exists(os.path.join(lib, 'libiou.so.0'))
          and re.match(r'libiou\.so\.0\.\d+\.\d+$', os.path.basename(real)) is not None,
          '%s -> %s, SONAME %s' % (os.path.basename(so), os.path.basename(real),
                                   soname.group(1) if soname else None))
    check('static', os.path.exists(os.path.join(lib, 'libiou.a')),
          'libiou.a installed')

    # headers
    inc = os.path.join(usr, 'include')
    top = [f for f in os.listdir(inc) if f.endswith('.h')]
    hdrs = sorted(os.listdir(os.path.join(inc, 'iou')))
    check('headers', not top and 'iou.h' in hdrs and 'iou_version.h' in hdrs
          and 'backend.h' not in hdrs, 'include/iou/: ' + ' '.join(hdrs) +
          '; include/: ' + ' '.join(sorted(os.listdir(inc))))

    # exports
    api, names = public_names(os.path.join(inc, 'iou'))
    dyn = set()
    for line in run(['nm', '-D', '--defined-only', real]).stdout.split('\n'):
        parts = line.split()
        if len(parts) == 3 and parts[1] != 'A':
            dyn.add(parts[2].split('@')[0])
    declared = set()
    for root, dirs, files in os.walk(inc):
        for h in files:
            text = open(os.path.join(root, h)).read()
            declared |= set(re.findall(r'\b(\w+)\s*\(', text))
    extra = sorted(d for d in dyn if d not in declared)
    missing = sorted(api - dyn)
    check('exports', not extra and not missing,
          '%d symbols, all declared in the headers%s%s' % (
              len(dyn), '; not declared: ' + ' '.join(extra) if extra else '',
              '; IOU_API not exported: ' + ' '.join(missing) if missing else ''))

    # pkg-config: shared and static consumers
    pc_env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(lib, 'pkgconfig'),
                  PKG_CONFIG_SYSROOT_DIR=dest, PKG_CONFIG_LIBDIR='')
    src = os.path.join(tmp, 'consumer.c')
    open(src, 'w').write(CONSUMER)
    cflags = run(['pkg-config', '--cflags', 'iou'], env=pc_env).stdout.split()
    libs = run(['pkg-config', '--libs', 'iou'], env=pc_env).stdout.split()
    slibs = run(['pkg-config', '--libs', '--static', 'iou'], env=pc_env).stdout.split()
    exe = os.path.join(tmp, 'consumer')
    r = run([CC, src, '-o', exe] + cflags + libs)
    ok = r.returncode == 0
    if ok:
        needed = re.findall(r'NEEDED\)\s+Shared library: \[([^\]]+)\]',
                            run(['readelf', '-d', exe]).stdout)
        r2 = run([exe], env=dict(os.environ, LD_LIBRARY_PATH=lib))
        ok = 'libiou.so.0' in needed and r2.returncode == 0
    check('shared', ok, 'pkg-config --cflags --libs iou: %s; %s' % (
        ' '.join(cflags + libs), (r.stderr[-1500:] if r.returncode else
                                  'NEEDED libiou.so.0, runs')))
    sexe = os.path.join(tmp, 'consumer-static')
    r = run([CC, src, '-o', sexe, '-static'] + cflags + slibs)
    ok = r.returncode == 0
    if ok:
        dyn_sec = run(['readelf', '-d', sexe]).stdout
        ok = 'NEEDED' not in dyn_sec and run([sexe]).returncode == 0
    check('static', ok, 'pkg-config --static: %s; %s' % (
        ' '.join(slibs), r.stderr[-1500:] if r.returncode else
        'fully static, runs'))

    # man pages
    man3 = os.path.join(usr, 'share', 'man', 'man3')
    pages = set(f[:-2] for f in os.listdir(man3)) if os.path.isdir(man3) else set()
    r = run(['man', '-w', 'iou_prep_read'],
            env=dict(os.environ, MANPATH=os.path.join(usr, 'share', 'man')))
    check('man', r.returncode == 0 and r.stdout.strip().endswith('iou_prep_read.3'),
          'MANPATH=.../share/man man -w iou_prep_read: ' + r.stdout.strip())
    r = run(['man', '-l', os.path.join(man3, 'iou_submit.3')],
            env=dict(os.environ, MANWIDTH='80'))
    check('man', r.returncode == 0 and 'RETURN VALUE' in r.stdout,
          'iou_submit(3) renders')
    fns = {n for n in names if n[0].islower()}
    covered = fns & pages
    pct = 100.0 * len(covered) / max(1, len(fns))
    check('man', pct >= 95.0, '%d of %d public functions have a page (%.1f%%)%s'
          % (len(covered), len(fns), pct,
             '; missing: ' + ' '.join(sorted(fns - pages)) if fns - pages else ''))
    # macros: a page of their own, or their family's (IOU_SETUP_* in
    # iou_abi(3): the reference names a family as IOU_SETUP_X, _Y, ...)
    macros = names - fns
    fam = ''
    for f in ('iou_abi.3', 'iou_types.3'):
        if os.path.exists(os.path.join(man3, f)):
            fam += open(os.path.join(man3, f)).read().replace('\\-', '-')
    def in_family(m):
        parts = m.split('_')
        return any(('_'.join(parts[:k]) + '_') in fam or m in fam
                   for k in range(2, len(parts)))
    mcov = {m for m in macros if m in pages or in_family(m)}
    mpct = 100.0 * len(mcov) / max(1, len(macros))
    check('man', mpct >= 95.0, '%d of %d public macros have a page or a '
          'family page (%.1f%%)%s' % (len(mcov), len(macros), mpct,
          '; missing: ' + ' '.join(sorted(macros - mcov)) if macros - mcov else ''))

    # examples in the doc directory
    exdir = os.path.join(usr, 'share', 'doc', 'iou', 'examples')
    ex = sorted(os.listdir(exdir)) if os.path.isdir(exdir) else []
    check('doc', 'echo.c' in ex and 'cp.c' in ex, 'examples: ' + ' '.join(ex))
    subproject(tmp)
    print('%d checks failed' % len(failed) if failed else 'all install checks passed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
