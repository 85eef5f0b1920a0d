#!/usr/bin/env python3
"""Validate the files of `racekit report --format all` with independent
parsers: JUnit is well-formed XML with the counts it claims, SARIF has the
fields SARIF 2.1.0 and GitHub code scanning require and every location
points at an existing file, the JSON scoreboard parses, and the HTML page is
self-contained (its one script its own), every table in a box that
scrolls, every link names a section, and shows every case.

    report_validate.py <reports-dir> <repository-root> [case ...]

Prints one line per problem and exits 1 when there is any.
"""
import html.parser
import json
import os
import sys
import urllib.parse
import xml.dom.minidom

problems = []


def problem(msg):
    problems.append(msg)
    print('FAIL ' + msg)


def check_junit(path):
    try:
        doc = xml.dom.minidom.parse(path)
    except Exception as e:  # any parse error is the failure being tested
        problem('%s: not well-formed XML: %s' % (path, e))
        return
    root = doc.documentElement
    if root.tagName != 'testsuites':
        problem('%s: root element is <%s>, want <testsuites>' % (path, root.tagName))
    total = 0
    for suite in root.getElementsByTagName('testsuite'):
        cases = suite.getElementsByTagName('testcase')
        total += len(cases)
        if int(suite.getAttribute('tests')) != len(cases):
            problem('%s: suite %s claims %s tests, has %d' % (path, suite.getAttribute('name'),
                                                              suite.getAttribute('tests'), len(cases)))
        failures = sum(1 for c in cases if c.getElementsByTagName('failure'))
        errors = sum(1 for c in cases if c.getElementsByTagName('error'))
        if int(suite.getAttribute('failures')) != failures or int(suite.getAttribute('errors')) != errors:
            problem('%s: suite %s counts do not match its testcases' % (path, suite.getAttribute('name')))
        for c in cases:
            for f in c.getElementsByTagName('failure') + c.getElementsByTagName('error'):
                if not f.getAttribute('message'):
                    problem('%s: %s has a failure without a message' % (path, c.getAttribute('name')))
    if int(root.getAttribute('tests')) != total:
        problem('%s: <testsuites tests> is %s, the suites hold %d' % (path, root.getAttribute('tests'), total))


def location_file(loc, root):
    art = loc['physicalLocation']['artifactLocation']
    uri = art['uri']
    if art.get('uriBaseId') == '%SRCROOT%':
        if uri.startswith('/') or '://' in uri:
            problem('relative location %s is not relative' % uri)
        return os.path.join(root, urllib.parse.unquote(uri))
    if not uri.startswith('file://'):
        problem('location %s has neither a base id nor a file URI' % uri)
    return urllib.parse.unquote(uri[len('file://'):])


def check_sarif(path, root):
    with open(path, encoding='utf-8') as f:
        log = json.load(f)
    if log.get('version') != '2.1.0':
        problem('%s: version is %r, want "2.1.0"' % (path, log.get('version')))
    if 'sarif' not in log.get('$schema', ''):
        problem('%s: no SARIF $schema' % path)
    if not isinstance(log.get('runs'), list) or not log['runs']:
        problem('%s: no runs' % path)
        return
    categories = set()
    for run in log['runs']:
        driver = run['tool']['driver']
        if not driver.get('name'):
            problem('%s: tool.driver.name missing' % path)
        rules = driver.get('rules', [])
        ids = [r['id'] for r in rules]
        for r in rules:
            for key in ('shortDescription', 'fullDescription', 'help'):
                if not r.get(key, {}).get('text'):
                    problem('%s: rule %s has no %s.text' % (path, r['id'], key))
        cat = run.get('automationDetails', {}).get('id')
        if cat in categories:
            problem('%s: two runs share the category %r' % (path, cat))
        categories.add(cat)
        for res in run['results']:
            if res['ruleId'] not in ids:
                problem('%s: result rule %s is not among the rules' % (path, res['ruleId']))
            elif ids[res['ruleIndex']] != res['ruleId']:
                problem('%s: ruleIndex %d is not %s' % (path, res['ruleIndex'], res['ruleId']))
            if not res['message']['text']:
                problem('%s: a result without a message' % path)
            if res.get('level') not in ('error', 'warning', 'note', 'none'):
                problem('%s: bad level %r' % (path, res.get('level')))
            locs = res.get('locations', [])
            if not locs:
                problem('%s: a result without a location: %s' % (path, res['message']['text']))
            for loc in locs + res.get('relatedLocations', []):
                file = location_file(loc, root)
                line = loc['physicalLocation'].get('region', {}).get('startLine', 1)  # no region: the file
                if not os.path.isfile(file):
                    problem('%s: location %s does not exist' % (path, file))
                elif not 1 <= line <= len(open(file, 'rb').read().split(b'\n')):
                    problem('%s: line %d is not in %s' % (path, line, file))


# The one script of the page: it opens the section a link names.
OWN_SCRIPT = "(function(){\nfunction show(id)"


class Page(html.parser.HTMLParser):
    """Collects what matters for a self-contained page and checks nesting."""
    VOID = {'meta', 'col', 'br', 'img', 'link', 'input', 'hr'}

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.external, self.scripts = [], set(), [], []
        self.bare_tables, self.headers, self.links, self.in_th = 0, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'script':
            self.scripts.append('')
        for key in ('src', 'href'):
            if key in attrs and not attrs[key].startswith('#'):
                self.external.append(attrs[key])
        if attrs.get('href', '').startswith('#'):
            self.links.append(attrs['href'][1:])
        if tag == 'link':
            self.external.append(attrs.get('href', ''))
        if 'id' in attrs:
            self.ids.add(attrs['id'])
        if tag == 'table' and self.stack[-1:] != ['div.scroll']:
            self.bare_tables += 1
        self.in_th = tag == 'th'
        if tag not in self.VOID:
            self.stack.append('div.scroll' if tag == 'div' and attrs.get('class') == 'scroll' else tag)

    def handle_data(self, data):
        if self.stack and self.stack[-1] == 'script':
            self.scripts[-1] += data
        if self.in_th:
            self.headers.append(data)

    def handle_endtag(self, tag):
        self.in_th = False
        top = self.stack[-1] if self.stack else 'nothing'
        if top.split('.')[0] != tag:
            problem('html: </%s> closes <%s>' % (tag, top))
        else:
            self.stack.pop()


def check_html(path, cases):
    text = open(path, encoding='utf-8').read()
    page = Page()
    page.feed(text)
    page.close()
    if page.stack:
        problem('html: unclosed elements %s' % page.stack)
    if len(page.scripts) != 1 or not page.scripts[0].strip().startswith(OWN_SCRIPT):
        problem('html: want the page\'s one script, got %d <script> elements (hostile output must be escaped)'
                % len(page.scripts))
    if page.external or 'url(' in text or '@import' in text:
        problem('html: references outside the page: %s' % page.external)
    if page.bare_tables:
        problem('html: %d tables outside a scroll box (div class="scroll"): they widen a narrow page'
                % page.bare_tables)
    if 'reason' not in page.headers:
        problem('html: the case table has no reason column')
    for link in page.links:
        if link not in page.ids:
            problem('html: the link #%s names no element' % link)
    if '?:0' in text:
        problem('html: a timeline step without a place ("?:0")')
    for c in cases:
        if c not in page.ids:
            problem('html: no section for case %s' % c)


def main():
    out, root, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
    check_junit(os.path.join(out, 'report.junit.xml'))
    check_sarif(os.path.join(out, 'report.sarif'), root)
    with open(os.path.join(out, 'report.json'), encoding='utf-8') as f:
        board = json.load(f)
    for d in board['detectors']:
        for key in ('TP', 'FP', 'TN', 'FN', 'precision', 'recall', 'specificity', 'f1', 'accuracy',
                    'svcomp_score', 'line_precision', 'line_recall', 'outcomes', 'compilers',
                    'tsan_options', 'rows'):
            if key not in d:
                problem('report.json: detector %s lacks %s' % (d['detector'], key))
    check_html(os.path.join(out, 'report.html'), cases)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
