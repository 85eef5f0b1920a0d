#!/usr/bin/env python3
"""Turn result files of real `racekit check` runs on the fixture cases in
src/ into the fixtures of results/: paths below the repository root become
relative (racekit report reads them relative to --root), times become fixed
numbers, so the golden files do not depend on the machine or the day.

    RACEKIT_BUILD_DIR=/tmp/fx racekit check --cases-root $PWD/src src/basics/tally unsafe
    python3 normalise.py /tmp/fx/results /path/to/repo results

ROOT may be OLD=NEW to map a copy of the fixture cases elsewhere back to
NEW (relative to the repository root). The hostile bytes that no real run
can leave in a result file (the harness escapes everything) are added to
invariants/balance/unsafe.json by hand: a raw 0xff byte and a lone
surrogate escape in its stderr.
"""
import json, os, sys

src_results, out = sys.argv[1], sys.argv[3]
old, _, new = sys.argv[2].partition('=')
old = old.rstrip('/') + '/'

def rel(v):
    if isinstance(v, str):
        return v.replace(old, new)
    if isinstance(v, list):
        return [rel(x) for x in v]
    if isinstance(v, dict):
        return {k: rel(x) for k, x in v.items()}
    return v

for dirpath, _, files in os.walk(src_results):
    for f in sorted(files):
        if not f.endswith('.json'):
            continue
        path = os.path.join(dirpath, f)
        d = rel(json.load(open(path)))
        d['duration_s'] = 0.125 if d['variant'] == 'unsafe' else 0.0625
        d['total_s'] = 0.25
        d['build']['duration_s'] = 0.5
        d['build']['cached'] = False
        d['time'] = 0
        if d.get('exit'):
            d['exit']['max_rss_kb'] = 20000
        target = os.path.join(out, os.path.relpath(path, src_results))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w') as o:
            json.dump(d, o, indent=2, ensure_ascii=False)
            o.write('\n')

def add_hostile_bytes(path):
    """The reader keeps a raw invalid byte and turns a lone surrogate into
    U+FFFD; every writer must repair both."""
    if not os.path.exists(path):
        return
    lines = open(path, 'rb').read().split(b'\n')
    for i, l in enumerate(lines):
        if l.lstrip().startswith(b'"stderr"') and b'raw[' not in l:
            lines[i] = l.replace(b'bad[', b'raw[\xff] lone[\\ud800] bad[', 1)
    open(path, 'wb').write(b'\n'.join(lines))

add_hostile_bytes(os.path.join(out, 'tsan/invariants/balance/unsafe.json'))
