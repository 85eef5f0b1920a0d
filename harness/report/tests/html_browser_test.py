#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium from Debian): the
page of the fixture results (data/report/ and the explore results of
data/html/) at 1400 and 400 px wide has no horizontal overflow (tables
scroll inside their box), code wraps at spaces, every link of a case table
opens the section it names, and an address naming a closed section opens
it. Two controls prove the probe sees what it checks: without the scroll
boxes the page overflows at 400 px, without the page's script a link lands
on a closed section.

    html_browser_test.py <racekit> <repository-root> <scratch-dir>

Chromium is 500 px wide at least, so the page is opened in an iframe of
the width under test. Exits 0 when every check passes, 1 with a line per
failure, 77 (skipped) when there is no chromium - unless
RACEKIT_REQUIRE_BROWSER=1 (.ci/run), then that is a failure.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys

racekit, root, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
chromium = shutil.which('chromium') or shutil.which('chromium-browser')
if chromium is None:
    if os.environ.get('RACEKIT_REQUIRE_BROWSER') == '1':
        print('FAIL no chromium, and RACEKIT_REQUIRE_BROWSER=1 (ci/install-deps.sh --all installs it)')
        sys.exit(1)
    print('SKIP: no chromium (ci/install-deps.sh --all installs it)')
    sys.exit(77)
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL ' + msg)


# What the host page measures in the iframe, once the report has loaded:
# the widths, the computed style of code, whether the section an address
# names is open, then each case-table link clicked with its section closed.
PROBE = r'''
function probe() {
  var w = document.getElementById('f').contentWindow, d = w.document;
  var out = {innerWidth: w.innerWidth, scrollWidth: d.documentElement.scrollWidth, wide: []};
  d.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w.innerWidth + 0.5 && !(e.parentElement && e.parentElement.closest('div.scroll')))
      out.wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
  });
  out.wide = out.wide.slice(0, 8);
  var code = d.querySelector('table.src tbody td:not(.ln)');
  if (code) {
    var cs = w.getComputedStyle(code);
    out.code = {whiteSpace: cs.whiteSpace, wordBreak: cs.wordBreak, overflowWrap: cs.overflowWrap};
  }
  if (w.location.hash.length > 1) {
    var t = d.getElementById(decodeURIComponent(w.location.hash.slice(1)));
    out.hashOpen = !!(t && t.open);
  }
  out.links = [];
  d.querySelectorAll('table.cases a[href^="#"]').forEach(function (a) {
    var id = decodeURIComponent(a.getAttribute('href').slice(1)), t = d.getElementById(id);
    if (t) t.open = false;
    a.click();
    out.links.push({id: id, found: !!t, open: !!(t && t.open)});
  });
  document.getElementById('rk-probe').textContent = JSON.stringify(out);
}
'''


def measure(page, width, fragment=''):
    """Open `page` (in work) in an iframe `width` px wide: the probe's answer."""
    host = os.path.join(work, 'host-%d.html' % width)
    with open(host, 'w') as f:
        f.write('<!DOCTYPE html><html><body style="margin:0"><pre id="rk-probe"></pre>'
                '<iframe id="f" src="%s%s" style="width:%dpx;height:900px;border:0" onload="probe()"></iframe>'
                '<script>%s</script></body></html>' % (page, fragment, width, PROBE))
    p = subprocess.run([chromium, '--headless', '--disable-gpu', '--no-sandbox', '--allow-file-access-from-files',
                        '--window-size=1600,1000', '--dump-dom', 'file://' + host],
                       capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="rk-probe">(.*?)</pre>', p.stdout, re.S)
    if not m or not m.group(1):
        fail('%s at %d px: the probe did not answer (chromium exit %d): %s' % (page, width, p.returncode,
                                                                               p.stderr[-500:]))
        return None
    return json.loads(html.unescape(m.group(1)))


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
data = os.path.join(root, 'harness/report/tests/data')
p = subprocess.run([racekit, 'report', '--format', 'html', '--root', root, '-o', os.path.join(work, 'report.html'),
                    os.path.join(data, 'report/results'), os.path.join(data, 'html/results')],
                   capture_output=True, text=True)
if not os.path.isfile(os.path.join(work, 'report.html')):
    print('FAIL racekit report --format html wrote nothing (exit %d): %s' % (p.returncode, p.stderr))
    sys.exit(1)
with open(os.path.join(work, 'report.html')) as f:
    page = f.read()
sections = set(re.findall(r'<details class="case" id="([^"]+)"', page))
closed = set(re.findall(r'<details class="case" id="([^"]+)">', page))

# 1. No horizontal overflow at either width; code wraps at spaces; every
#    link of a case table opens its section.
for width in (1400, 400):
    m = measure('report.html', width)
    if m is None:
        continue
    if m['innerWidth'] != width:
        fail('the iframe is %d px wide, not %d: the check measured another width' % (m['innerWidth'], width))
    if m['scrollWidth'] > m['innerWidth']:
        fail('at %d px the page is %d px wide (overflows): %s' % (width, m['scrollWidth'], m['wide']))
    code = m.get('code', {})
    if code.get('whiteSpace') != 'pre-wrap' or code.get('wordBreak') in ('break-all', 'break-word'):
        fail('at %d px code does not wrap at spaces: %r' % (width, code))
    ids = sorted(l['id'] for l in m['links'])
    if ids != sorted(sections):
        fail('the case tables link %s, the sections are %s' % (ids, sorted(sections)))
    for l in m['links']:
        if not l['found'] or not l['open']:
            fail('at %d px the link to %s %s' % (width, l['id'], 'names no section' if not l['found'] else
                                                 'lands on a closed section'))

# 2. An address naming a closed section opens it.
target = 'tsan/basics/tally'
if target not in closed:
    fail('%s is not a closed section of the page: the check below tests nothing' % target)
m = measure('report.html', 1400, '#' + target)
if m is not None and not m.get('hashOpen'):
    fail('opening the page at #%s leaves that section closed' % target)

# 3. The controls: the probe sees an overflow and a closed landing.
noscroll = page.replace('div.scroll{overflow-x:auto;max-width:100%}', '')
if noscroll == page:
    fail('the scroll box rule is not in the page: the control below tests nothing')
with open(os.path.join(work, 'noscroll.html'), 'w') as f:
    f.write(noscroll)
m = measure('noscroll.html', 400)
if m is not None and m['scrollWidth'] <= m['innerWidth']:
    fail('without the scroll boxes the page does not overflow at 400 px: the probe sees nothing')
noscript = re.sub(r'<script>.*?</script>', '', page, flags=re.S)
with open(os.path.join(work, 'noscript.html'), 'w') as f:
    f.write(noscript)
m = measure('noscript.html', 1400)
if m is not None and all(l['open'] for l in m['links']):
    fail('without the page\'s script every link still opens its section: the probe sees nothing')

if not failures:
    print('html in chromium: all checks passed')
sys.exit(1 if failures else 0)
