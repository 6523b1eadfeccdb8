// test_page.mjs: the search page (web/) in a real browser against the real
// tracuu-server.  Builds a small index (corpus/ and the e2e ranking
// fixtures), starts tracuu-server on a free loopback port, drives Debian's
// Chromium through playwright-core and checks what a user sees: search
// without diacritics with highlighted terms, pagination and the back
// button, a <script> title shown as text, the answer box of a question
// about a figure, API errors, suggestions (a 404,
// mocked, and the real ones), 360-px phones, keyboard use, and a portal
// page on another origin that calls the JSON API through CORS.
//
// Run by CTest (tests/browser/CMakeLists.txt) as `node --test test_page.mjs`
// with TC_BIN (the build directory) and TC_SRC (the repository).  Screenshots
// go to the test's temporary directory and the main ones are copied to
// $TC_SCREENS (default /tmp/tracuu-screens).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = process.env.TC_SRC || path.resolve(HERE, '..', '..');
const BIN = process.env.TC_BIN || path.join(SRC, 'build');
const INDEX = path.join(BIN, 'indexer', 'tracuu-index');
const SERVER = path.join(BIN, 'searcher', 'tracuu-server');
const CHROMIUM = process.env.TC_CHROMIUM || '/usr/bin/chromium';
const SCREENS = process.env.TC_SCREENS || '/tmp/tracuu-screens';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

let tmp;          // the test's temporary directory
let server;       // the tracuu-server child process
let serverLog = '';
let base;         // http://127.0.0.1:PORT/
let context;      // the browser (a persistent context: its own profile dir)
let portal;       // the portal's http server (another origin)
let portalBase;

/* ---- helpers ---------------------------------------------------------- */

function startServer(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(SERVER, ['--db', db, '--bind', '127.0.0.1', '--port', '0',
                             '--threads', '2', '--web', path.join(SRC, 'web')],
                    { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      p.kill('SIGTERM');
      reject(new Error('tracuu-server did not start in 20 s: ' + out + serverLog));
    }, 20000);
    p.stderr.on('data', (d) => { serverLog += d; });
    p.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc: p, url: m[1] });
      }
    });
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error('tracuu-server exited ' + code + ': ' + out + serverLog));
    });
  });
}

function stopServer(p) {
  return new Promise((resolve) => {
    if (!p || p.exitCode !== null) return resolve();
    const t = setTimeout(() => { p.kill('SIGKILL'); }, 5000);
    p.once('exit', () => { clearTimeout(t); resolve(); });
    p.kill('SIGTERM');
  });
}

async function api(pathAndQuery) {
  const res = await fetch(new URL(pathAndQuery, base));
  return { status: res.status, body: await res.json() };
}

function pageUrl(q, offset) {
  const p = new URLSearchParams({ q });
  if (offset) p.set('offset', String(offset));
  return new URL('/?' + p, base).href;
}

/* The snippet's text as the page must show it: marks dropped, entities
 * decoded. */
function snippetText(s) {
  return s.replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

async function shot(page, name, fullPage = true) {
  const file = path.join(tmp, name);
  await page.screenshot({ path: file, fullPage });
  fs.mkdirSync(SCREENS, { recursive: true });
  fs.copyFileSync(file, path.join(SCREENS, name));
}

/* A new page that fails the test on any dialog (alert, confirm...). */
async function newPage(dialogs) {
  const page = await context.newPage();
  page.on('dialog', async (d) => {
    if (dialogs) dialogs.push(d.message());
    await d.dismiss();
  });
  return page;
}

/* Wait until the page has shown results, the no-results help or an
 * error. */
async function settled(page) {
  await page.waitForFunction(() =>
    document.querySelector('#results .result') ||
    !document.getElementById('no-results').hidden ||
    !document.getElementById('error').hidden);
}

async function resultIds(page) {
  return page.$$eval('#results .meta .id', (els) => els.map((e) => e.textContent));
}

/* ---- set-up ----------------------------------------------------------- */

before(async () => {
  for (const f of [INDEX, SERVER, CHROMIUM])
    assert.ok(fs.existsSync(f), f + ' is missing (set TC_BIN / TC_CHROMIUM)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracuu-browser-'));
  const db = path.join(tmp, 'db');
  execFileSync(INDEX, ['--db', db, '--quiet', path.join(SRC, 'corpus'),
                       path.join(SRC, 'tests', 'data', 'e2e', 'ranking.jsonl'),
                       path.join(SRC, 'tests', 'data', 'e2e', 'typing.jsonl')],
               { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300000 });
  const s = await startServer(db);
  server = s.proc;
  base = s.url;
  server.removeAllListeners('exit');

  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1024, height: 800 },
    locale: 'vi-VN',
  });
  context.setDefaultTimeout(15000);

  // the portal: a page of another origin (another port) using the API
  portal = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Cổng thông tin</title></head><body>
<h1>Tin liên quan</h1><p id="state">Đang tải…</p><ul id="titles"></ul>
<script>
const API = ${JSON.stringify(base)};
fetch(API + 'api/search?q=' + encodeURIComponent('dau thanh tung') + '&limit=5')
  .then((r) => r.json())
  .then((d) => {
    for (const r of d.results) {
      const li = document.createElement('li');
      li.textContent = r.title;
      document.getElementById('titles').appendChild(li);
    }
    document.getElementById('state').textContent = 'Xong';
  })
  .catch((e) => { document.getElementById('state').textContent = 'Lỗi: ' + e; });
</script></body></html>`);
  });
  await new Promise((r) => portal.listen(0, '127.0.0.1', r));
  portalBase = `http://127.0.0.1:${portal.address().port}/`;
});

after(async () => {
  if (context) await context.close().catch(() => {});
  if (portal) await new Promise((r) => portal.close(r));
  await stopServer(server);
  if (tmp && !process.env.TC_KEEP_TMP)
    fs.rmSync(tmp, { recursive: true, force: true });
  else if (tmp)
    console.log('# kept', tmp);
});

/* ---- tests ------------------------------------------------------------ */

test('home page: the box has the focus, Tab reaches the button', async () => {
  const page = await newPage();
  await page.goto(base);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.equal(await page.getAttribute('#q', 'role'), 'combobox');
  assert.equal(await page.getAttribute('link[rel=search]', 'href'), '/opensearch.xml');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Tìm kiếm');
  await shot(page, 'home-desktop.png');
  await page.close();
});

test('a query without diacritics, typed and submitted with the keyboard',
     async () => {
  const page = await newPage();
  // as with a server without /api/suggest: a 404, which must change nothing
  let suggestAsked = 0;
  await page.route('**/api/suggest?**', (route) => {
    suggestAsked++;
    route.fulfill({
      status: 404, contentType: 'application/json',
      body: '{"error":{"code":"not_found","message":"no such page"}}',
    });
  });
  await page.goto(base);
  await page.keyboard.type('dau thanh tung', { delay: 150 });
  await page.waitForTimeout(400);
  assert.equal(await page.isVisible('#goi-y'), false);
  assert.equal(await page.isVisible('#error'), false);
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
  // asked once, then no more (14 keys typed, 150 ms apart)
  assert.ok(suggestAsked >= 1 && suggestAsked <= 3, 'suggest asked ' + suggestAsked + ' times');
  await Promise.all([page.waitForURL(/[?&]q=dau/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#results .result');
  const marks = await page.$$eval('#results mark', (els) => els.map((e) => e.textContent));
  assert.ok(marks.includes('Đầu Thanh Tùng'), 'marks: ' + JSON.stringify(marks));
  assert.match(await page.textContent('#status'), /^Khoảng \d+ kết quả/);
  assert.equal(await page.inputValue('#q'), 'dau thanh tung');
  assert.match(await page.title(), /dau thanh tung/);
  // result titles link to an http(s) url or to the record
  const hrefs = await page.$$eval('#results h2 a', (els) => els.map((e) => e.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(https?:\/\/|\/api\/doc\/)/);
  // keyboard: Tab reaches the first result's link, with a visible focus ring
  await page.focus('#q');
  let onLink = false;
  for (let i = 0; i < 10 && !onLink; i++) {
    await page.keyboard.press('Tab');
    onLink = await page.evaluate(() =>
      document.activeElement === document.querySelector('#results h2 a'));
  }
  assert.ok(onLink, 'Tab never reached the first result');
  const outline = await page.evaluate(() =>
    getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await shot(page, 'results-desktop.png');
  // the record link of a result without url answers JSON
  const docHref = hrefs.find((h) => h.startsWith('/api/doc/'));
  if (docHref) {
    const r = await fetch(new URL(docHref, base));
    assert.equal(r.status, 200, docHref);
  }
  await page.close();
});

test('pagination: page 2 of a broad query, and back', async () => {
  const page = await newPage();
  await page.goto(pageUrl('tinh'));
  await page.waitForSelector('#results .result');
  const first = await resultIds(page);
  assert.equal(first.length, 10);
  assert.equal(await page.isVisible('#prev'), false);
  assert.ok(await page.isVisible('#next'));
  await Promise.all([page.waitForURL(/offset=10/), page.click('#next')]);
  await page.waitForSelector('#results .result');
  const second = await resultIds(page);
  assert.ok(second.length > 0);
  assert.ok(second.every((id) => !first.includes(id)), 'page 2 repeats page 1');
  assert.ok(await page.isVisible('#prev'));
  assert.equal(await page.$eval('#results .result', (li) => li.value), 11);
  await shot(page, 'results-page2.png');
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('offset'));
  await page.waitForSelector('#results .result');
  assert.deepEqual(await resultIds(page), first);
  assert.equal(await page.inputValue('#q'), 'tinh');
  await page.close();
});

test('a <script> title and snippet are shown as text', async () => {
  const dialogs = [];
  const page = await newPage(dialogs);
  const q = 'chuyen doi so';
  const { body } = await api('/api/search?limit=10&q=' + encodeURIComponent(q));
  const xss = body.results.find((r) => r.id === 'xss');
  assert.ok(xss, 'the xss fixture is not on the first page of ' + q);
  await page.goto(pageUrl(q));
  await page.waitForSelector('#results .result');
  const link = page.locator('#results h2 a', { hasText: '<script>alert(1)</script>' });
  assert.equal(await link.count(), 1);
  assert.ok(await link.isVisible());
  assert.equal(await link.textContent(), xss.title);
  const li = page.locator('#results .result', {
    has: page.locator('h2 a', { hasText: '<script>alert(1)</script>' }) });
  assert.equal(await li.locator('.snippet').textContent(), snippetText(xss.snippet));
  // only <mark> elements inside snippets; no script, no <b> anywhere
  const tags = await page.$$eval('#results .snippet *', (els) => [...new Set(els.map((e) => e.tagName))]);
  assert.deepEqual(tags.filter((t) => t !== 'MARK'), []);
  assert.equal(await page.$$eval('#results script, #results b', (e) => e.length), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  await shot(page, 'xss-as-text.png');
  await page.close();
});

test('a question about a figure: the answer box above the results', async () => {
  const page = await newPage();
  const q = 'doanh thu toàn ngành bao nhiêu';
  const { body } = await api('/api/search?limit=10&q=' + encodeURIComponent(q));
  assert.ok(Array.isArray(body.answers) && body.answers.length, 'no answers');
  await page.goto(pageUrl(q));
  await page.waitForSelector('#answers:not([hidden]) .answer');
  const answers = page.locator('#answers .answer');
  assert.equal(await answers.count(), body.answers.length);
  // the figures in bold, in the API's order
  assert.deepEqual(await page.$$eval('#answers .answer-figure strong',
                                     (els) => els.map((e) => e.textContent)),
                   body.answers.map((a) => a.figure));
  const seed = answers.filter({ hasText: '3.550 tỷ đồng' });
  assert.equal(await seed.count(), 1);
  // the sentence, with the figure in bold in it and nothing else marked up
  assert.equal(await seed.locator('.answer-sentence').textContent(),
               'Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.');
  assert.equal(await seed.locator('.answer-sentence b').textContent(), '3.550 tỷ đồng');
  const tags = await page.$$eval('#answers .answer-sentence *',
                                 (els) => [...new Set(els.map((e) => e.tagName))]);
  assert.deepEqual(tags, ['B']);
  // a link to the document
  const link = seed.locator('.answer-source a');
  assert.equal(await link.textContent(), 'Sở Thông tin Truyền thông Thanh Hóa');
  assert.match(await link.getAttribute('href'),
               /\/api\/doc\/seeds%2F000_e4e9c9327fc2e4b3\.txt$/);
  // above the results, which are there too
  const [boxY, listY] = await page.evaluate(() => [
    document.getElementById('answers').getBoundingClientRect().top,
    document.getElementById('results').getBoundingClientRect().top]);
  assert.ok(boxY < listY, 'the answer box is not above the results');
  assert.ok(await page.locator('#results .result').count() > 0);
  await shot(page, 'answers.png');
  // no box for a query that is not a question
  await page.goto(pageUrl('doanh thu toàn ngành'));
  await page.waitForSelector('#results .result');
  assert.ok(await page.locator('#answers').isHidden());
  assert.equal(await page.locator('#answers .answer').count(), 0);
  await page.close();
});

test('no results: the help text', async () => {
  const page = await newPage();
  await page.goto(pageUrl('xqzjwv'));
  await page.waitForSelector('#no-results:not([hidden])');
  assert.match(await page.textContent('#no-results'), /Không tìm thấy kết quả/);
  assert.match(await page.textContent('#no-results'), /title:/);
  assert.equal(await page.$$eval('#results .result', (e) => e.length), 0);
  await page.close();
});

test('entity chips and facets narrow the results, and the filter comes off', async () => {
  const page = await newPage();
  await page.goto(pageUrl('le anh tuan'));
  await page.waitForSelector('#results .result');
  // the first result names him: his chip, titled with his office
  const chipLink = page.locator('#results .result').first()
    .locator('a.chip-official', { hasText: 'Lê Anh Tuấn' });
  assert.equal(await chipLink.count(), 1);
  assert.match(await chipLink.getAttribute('title'), /Phó Chủ tịch UBND tỉnh/);
  assert.ok(await page.locator('#results .result').first()
    .locator('.chip-doc', { hasText: '36a/NQ-CP' }).count() > 0);
  // the facets of the whole result set, with counts
  assert.ok(await page.isVisible('#facets'));
  const facet = page.locator('#facets a', { hasText: 'Lê Anh Tuấn' });
  assert.equal(await facet.count(), 1);
  assert.match(await facet.textContent(), /Lê Anh Tuấn 1/);
  await shot(page, 'facets.png');
  await Promise.all([page.waitForURL(/official=/), facet.click()]);
  await page.waitForSelector('#results .result');
  assert.deepEqual(await resultIds(page), ['seeds/000_e4e9c9327fc2e4b3.txt']);
  const active = page.locator('#facets a.chip-active');
  assert.equal(await active.textContent(), '× Lê Anh Tuấn');
  // keyboard: the filter chip is a link reached with Tab, Enter removes it
  await active.focus();
  await Promise.all([page.waitForURL((u) => !u.search.includes('official')),
    page.keyboard.press('Enter')]);
  await page.waitForSelector('#results .result');
  assert.ok((await resultIds(page)).length > 1);
  // a year facet filters by date, at phone width too
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(pageUrl('thông tin'));
  await page.waitForSelector('#facets a');
  const year = page.locator('#facets section', { hasText: 'Năm' }).locator('a').first();
  const y = (await year.textContent()).slice(0, 4);
  await Promise.all([page.waitForURL(/from=/), year.click()]);
  await page.waitForSelector('#results .result');
  const { body } = await api('/api/search?limit=10&q=' +
    encodeURIComponent('thông tin') + '&from=' + y + '&to=' + y);
  assert.deepEqual(await resultIds(page), body.results.map((r) => r.id));
  await shot(page, 'facets-360.png');
  await page.close();
});

test('relaxed results: the note', async () => {
  const page = await newPage();
  const q = 'dau thanh tung xqzjwv';
  const { body } = await api('/api/search?q=' + encodeURIComponent(q));
  await page.goto(pageUrl(q));
  await settled(page);
  assert.equal(await page.isVisible('#error'), false);
  assert.equal(await page.isVisible('#results .result'), body.results.length > 0);
  assert.equal(await page.isVisible('#relaxed'), Boolean(body.relaxed));
  if (body.relaxed)
    assert.match(await page.textContent('#relaxed'), /một trong các từ/);
  await shot(page, 'relaxed.png', false);
  await page.close();
});

test('a query typed without diacritics: "kết quả cho" as the results write it', async () => {
  const page = await newPage();
  await page.goto(pageUrl('thue bao'));
  await page.waitForSelector('#results .result');
  assert.ok(await page.isVisible('#restored'));
  assert.equal(await page.textContent('#restored-q'), 'thuê bao');
  assert.match(await page.textContent('#restored'), /^Kết quả cho: thuê bao$/);
  await shot(page, 'restored-note.png', false);
  // typed with diacritics: no note
  await page.goto(pageUrl('thuê bao'));
  await page.waitForSelector('#results .result');
  assert.equal(await page.isVisible('#restored'), false);
  await page.close();
});

test('did you mean: a link that searches the query with diacritics', async () => {
  const page = await newPage();
  const q = 'pho chu tich ubnd tinh';
  const want = 'phó chủ tịch UBND tỉnh';
  const { body } = await api('/api/search?q=' + encodeURIComponent(q));
  assert.equal(body.did_you_mean, want);
  await page.goto(pageUrl(q));
  await page.waitForSelector('#results .result');
  assert.ok(await page.isVisible('#dym'));
  assert.equal(await page.textContent('#dym'), 'Có phải bạn muốn tìm: ' + want);
  assert.equal(await page.textContent('#dym-q'), want);
  await shot(page, 'did-you-mean.png', false);
  await Promise.all([page.waitForURL(/q=ph%C3%B3/), page.click('#dym-q')]);
  await page.waitForSelector('#results .result');
  assert.equal(await page.inputValue('#q'), want);
  assert.equal(await page.isVisible('#dym'), false);
  const ids = await resultIds(page);
  if (ids.includes('dym-lookalike'))
    assert.ok(ids.indexOf('dym-exact') < ids.indexOf('dym-lookalike'), ids.join(' '));
  // no link where searching with diacritics would change nothing
  const other = await api('/api/search?q=' + encodeURIComponent('tran van binh'));
  assert.equal(other.body.did_you_mean, null);
  await page.goto(pageUrl('tran van binh'));
  await page.waitForSelector('#results .result');
  assert.equal(await page.isVisible('#dym'), false);
  await page.close();
});

test('a word typed in Telex: "cũng tìm" the syllable it spells', async () => {
  const page = await newPage();
  await page.goto(pageUrl('vieejt nam'));
  await page.waitForSelector('#results .result');
  assert.ok(await page.isVisible('#also'));
  assert.equal(await page.textContent('#also'), 'Cũng tìm: việt nam');
  assert.equal((await resultIds(page))[0], 'typing-literal');
  await shot(page, 'also-searched.png', false);
  await page.goto(pageUrl('deadline'));
  await page.waitForSelector('#results .result');
  assert.equal(await page.isVisible('#also'), false);
  await page.close();
});

test('near duplicates: "+N bài tương tự" on the result that stands for them', async () => {
  const page = await newPage();
  // the real server's answer, with the count a collapsed cluster gives
  // (tests/e2e/test_quality.py checks the server side on a real reprint)
  await page.route('**/api/search?**', async (route) => {
    const resp = await route.fetch();
    const data = await resp.json();
    assert.ok(data.results.every((r) => r.similar === 0));
    data.results[0].similar = 2;
    route.fulfill({ response: resp, json: data });
  });
  await page.goto(pageUrl('thuê bao'));
  await page.waitForSelector('#results .result');
  const sims = await page.$$eval('#results .result .similar',
                                 (els) => els.map((e) => e.textContent));
  assert.deepEqual(sims, ['+2 bài tương tự']);
  await page.unroute('**/api/search?**');
  await page.goto(pageUrl('thuê bao'));
  await page.waitForSelector('#results .result');
  assert.equal(await page.$$eval('#results .similar', (els) => els.length), 0);
  await page.close();
});

test('an answer without some shards: the note, and not without', async () => {
  const page = await newPage();
  // the real server's answer, as a stub of remote shards with one down
  // gives it (tests/e2e/test_shards.py checks the server side)
  await page.route('**/api/search?**', async (route) => {
    const resp = await route.fetch();
    const data = await resp.json();
    assert.equal(data.partial, false);
    data.partial = true;
    data.missing_shards = ['10.0.0.12:9101'];
    route.fulfill({ response: resp, json: data });
  });
  await page.goto(pageUrl('thuê bao'));
  await page.waitForSelector('#results .result');
  assert.ok(await page.isVisible('#partial'));
  assert.match(await page.textContent('#partial'), /có thể thiếu/);
  await page.unroute('**/api/search?**');
  await page.goto(pageUrl('thuê bao'));
  await page.waitForSelector('#results .result');
  assert.equal(await page.isVisible('#partial'), false);
  await page.close();
});

test('an API error is shown', async () => {
  const page = await newPage();
  await page.goto(pageUrl('từ '.repeat(1000)));      // over 4096 bytes: 414
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /query_too_long/);
  await shot(page, 'error.png', false);
  assert.equal(await page.$$eval('#results .result', (e) => e.length), 0);
  await page.close();
});

test('suggestions, when the server has them: a keyboard combobox', async () => {
  const page = await newPage();
  await page.route('**/api/suggest?**', (route) => {
    const q = new URL(route.request().url()).searchParams.get('q');
    route.fulfill({
      status: 200,
      contentType: 'application/x-suggestions+json',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify([q, ['dau thanh tung', 'dau tu <b>cong</b>'],
                            ['17 tài liệu', '<i>tiêu đề</i>'], ['', '/api/doc/xss']]),
    });
  });
  await page.goto(base);
  await page.keyboard.type('dau');
  await page.waitForSelector('#goi-y [role=option]');
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  assert.deepEqual(await page.$$eval('#goi-y [role=option] .sugg-text', (e) => e.map((x) => x.textContent)),
                   ['dau thanh tung', 'dau tu <b>cong</b>']);
  assert.deepEqual(await page.$$eval('#goi-y [role=option] .sugg-desc', (e) => e.map((x) => x.textContent)),
                   ['17 tài liệu', '<i>tiêu đề</i>']);
  assert.equal(await page.$$eval('#goi-y b, #goi-y i', (e) => e.length), 0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'goi-y-1');
  assert.equal(await page.inputValue('#q'), 'dau tu <b>cong</b>');
  await shot(page, 'suggestions.png');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#goi-y'), false);
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
  assert.equal(await page.inputValue('#q'), 'dau');
  await page.keyboard.type(' t');
  await page.waitForSelector('#goi-y [role=option]');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/q=dau\+thanh\+tung/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#results .result');
  // a completion with an address opens it (the mouse works too)
  await page.fill('#q', '');
  await page.keyboard.type('dau');
  await page.waitForSelector('#goi-y [role=option]');
  await Promise.all([page.waitForURL(/\/api\/doc\/xss$/), page.click('#goi-y-1')]);
  await page.close();
});

test('suggestions from the real server, with diacritics restored',
     async (t) => {
  const q = 'thanh h';
  const res = await fetch(new URL('/api/suggest?q=' + encodeURIComponent(q), base));
  if (res.status === 404) {
    t.skip('the server has no /api/suggest');
    return;
  }
  const body = await res.json();
  assert.equal(body[0], q);
  if (!body[1].length) {
    t.skip('no suggestion for ' + q);
    return;
  }
  const page = await newPage();
  await page.goto(base);
  await page.keyboard.type(q, { delay: 50 });
  await page.waitForSelector('#goi-y [role=option]');
  assert.deepEqual(await page.$$eval('#goi-y .sugg-text', (e) => e.map((x) => x.textContent)),
                   body[1].slice(0, 10));
  await shot(page, 'suggestions-real.png', false);
  await page.keyboard.press('ArrowDown');
  const picked = await page.inputValue('#q');
  assert.equal(picked, body[1][0]);
  await Promise.all([page.waitForURL(/[?&]q=/), page.keyboard.press('Enter')]);
  await settled(page);
  assert.equal(await page.inputValue('#q'), picked);
  await page.close();
});

test('a 360-px phone: no horizontal scrolling', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  await page.goto(base);
  assert.ok(await width() <= 360, 'home: ' + await width());
  await shot(page, 'home-360.png');
  for (const q of ['dau thanh tung', 'chuyen doi so', 'tinh']) {
    await page.goto(pageUrl(q));
    await page.waitForSelector('#results .result');
    assert.ok(await width() <= 360, q + ': ' + await width());
  }
  await shot(page, 'results-360.png', false);
  await page.goto(pageUrl('xqzjwv'));
  await page.waitForSelector('#no-results:not([hidden])');
  assert.ok(await width() <= 360, 'no results: ' + await width());
  await shot(page, 'no-results-360.png');
  await page.close();
});

test('a portal on another origin renders titles from the API (CORS)',
     async () => {
  const page = await newPage();
  const { body } = await api('/api/search?limit=5&q=' + encodeURIComponent('dau thanh tung'));
  assert.ok(body.results.length > 0);
  assert.notEqual(new URL(portalBase).origin, new URL(base).origin);
  await page.goto(portalBase);
  await page.waitForFunction(() =>
    document.getElementById('state').textContent !== 'Đang tải…');
  assert.equal(await page.textContent('#state'), 'Xong');
  const titles = await page.$$eval('#titles li', (e) => e.map((x) => x.textContent));
  assert.deepEqual(titles, body.results.map((r) => r.title));
  await shot(page, 'portal.png');
  await page.close();
});
