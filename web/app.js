/* app.js: the search page's behaviour.  Reads q and offset from the
 * address (/?q=&offset=), fetches /api/search and renders the results,
 * the total, pagination, the "relaxed" note, the "kết quả cho" note (the
 * query as the results write it, when it was typed without diacritics),
 * the no-results help and API
 * errors; offers suggestions from /api/suggest (OpenSearch suggestions
 * format) in an ARIA combobox, and stays silent when that endpoint is
 * missing.  Every piece of document text and of the query is inserted as
 * text (textContent / text nodes), never as HTML: snippets are split on
 * <mark>/</mark> and their entities decoded by hand. */
'use strict';

(function () {
  var PAGE = 10;
  var MAX_OFFSET = 10000;
  var SUGGEST_DELAY_MS = 120;

  var $ = function (id) { return document.getElementById(id); };
  var form = $('search-form');
  var box = $('q');
  var list = $('goi-y');
  var statusEl = $('status');
  var relaxedEl = $('relaxed');
  var restoredEl = $('restored');
  var errorEl = $('error');
  var noResults = $('no-results');
  var resultsEl = $('results');
  var pager = $('pager');
  var prevLink = $('prev');
  var nextLink = $('next');
  var pageNo = $('page-no');

  var nf = (typeof Intl !== 'undefined') ? new Intl.NumberFormat('vi-VN') : null;
  function fmt(n) { return nf ? nf.format(n) : String(n); }

  /* ---- text helpers ------------------------------------------------- */

  var NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

  /* Decode the entities an HTML-escaped snippet can hold; anything else
   * is left as it is (and shown as text). */
  function decodeEntities(s) {
    return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g,
      function (all, e) {
        var cp;
        if (e.charAt(0) === '#') {
          cp = (e.charAt(1) === 'x' || e.charAt(1) === 'X')
            ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff))
            return all;
          return String.fromCodePoint(cp);
        }
        return Object.prototype.hasOwnProperty.call(NAMED, e) ? NAMED[e] : all;
      });
  }

  /* The snippet (HTML-escaped text with <mark> tags) as DOM nodes: text
   * nodes and <mark> elements only. */
  function snippetNodes(snippet, parent) {
    var parts = String(snippet).split(/(<mark>|<\/mark>)/);
    var inMark = false;
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (p === '<mark>') { inMark = true; continue; }
      if (p === '</mark>') { inMark = false; continue; }
      if (!p) continue;
      var text = document.createTextNode(decodeEntities(p));
      if (inMark) {
        var m = document.createElement('mark');
        m.appendChild(text);
        parent.appendChild(m);
      } else {
        parent.appendChild(text);
      }
    }
  }

  /* u as an http(s) address (relative ones against this page), or null. */
  function httpUrl(u, base) {
    try {
      var x = base ? new URL(u, base) : new URL(u);
      return (x.protocol === 'http:' || x.protocol === 'https:') ? x.href : null;
    } catch (e) {
      return null;
    }
  }

  /* A link target for a result: its url when http(s), else its record. */
  function targetOf(r) {
    if (typeof r.url === 'string' && r.url) {
      try {
        var u = new URL(r.url);
        if (u.protocol === 'http:' || u.protocol === 'https:')
          return u.href;
      } catch (e) { /* not an absolute URL: fall through */ }
    }
    return '/api/doc/' + encodeURIComponent(String(r.id));
  }

  function pageUrl(q, offset) {
    var p = new URLSearchParams();
    p.set('q', q);
    if (offset > 0) p.set('offset', String(offset));
    return '/?' + p.toString();
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  /* ---- results ------------------------------------------------------ */

  function resetView() {
    statusEl.textContent = '';
    relaxedEl.hidden = true;
    restoredEl.hidden = true;
    errorEl.hidden = true;
    clear(errorEl);
    noResults.hidden = true;
    clear(resultsEl);
    pager.hidden = true;
  }

  /* The server's messages are English; say the usual ones in Vietnamese. */
  var MESSAGES = {
    query_too_long: 'Câu tìm kiếm quá dài (tối đa 4096 byte). Hãy dùng ít từ hơn.',
    bad_parameter: 'Tham số không hợp lệ.',
    index_unavailable: 'Chỉ mục tạm thời không mở được. Hãy thử lại sau.',
    not_found: 'Không tìm thấy trang.'
  };

  function showError(message, code) {
    if (code && Object.prototype.hasOwnProperty.call(MESSAGES, code))
      message = MESSAGES[code];
    clear(errorEl);
    var strong = document.createElement('strong');
    strong.textContent = 'Lỗi: ';
    errorEl.appendChild(strong);
    errorEl.appendChild(document.createTextNode(message));
    if (code) {
      var c = document.createElement('span');
      c.className = 'code';
      c.textContent = ' (' + code + ')';
      errorEl.appendChild(c);
    }
    errorEl.hidden = false;
    statusEl.textContent = '';
  }

  function renderResult(r, rank) {
    var li = document.createElement('li');
    li.className = 'result';
    li.value = rank;

    var h = document.createElement('h2');
    var a = document.createElement('a');
    a.href = targetOf(r);
    a.textContent = (r.title && String(r.title).trim()) ? r.title : String(r.id);
    h.appendChild(a);
    li.appendChild(h);

    var meta = document.createElement('p');
    meta.className = 'meta';
    var id = document.createElement('span');
    id.className = 'id';
    id.textContent = String(r.id);
    meta.appendChild(id);
    if (r.date) {
      meta.appendChild(document.createTextNode(' · '));
      var t = document.createElement('time');
      t.textContent = String(r.date);
      if (/^\d{4}-\d{2}-\d{2}/.test(r.date)) t.dateTime = String(r.date);
      meta.appendChild(t);
    }
    li.appendChild(meta);

    if (r.snippet) {
      var p = document.createElement('p');
      p.className = 'snippet';
      snippetNodes(r.snippet, p);
      li.appendChild(p);
    }
    return li;
  }

  function render(q, data) {
    var results = Array.isArray(data.results) ? data.results : [];
    var total = Number(data.total_estimated) || 0;
    var offset = Number(data.offset) || 0;

    if (!results.length) {
      if (offset > 0 && total > 0) {
        statusEl.textContent = 'Không còn kết quả ở trang này (khoảng ' +
          fmt(total) + ' kết quả).';
        showPager(q, offset, total, 0);
      } else {
        statusEl.textContent = '';
        $('no-results-title').textContent =
          'Không tìm thấy kết quả cho “' + q + '”';
        noResults.hidden = false;
      }
      return;
    }

    var took = Number(data.took_ms);
    statusEl.textContent = 'Khoảng ' + fmt(total) + ' kết quả' +
      (isFinite(took) ? ' (' + (took / 1000).toLocaleString('vi-VN',
        { maximumFractionDigits: 3 }) + ' giây)' : '');
    relaxedEl.hidden = !data.relaxed;
    if (typeof data.restored === 'string' && data.restored) {
      $('restored-q').textContent = data.restored;
      restoredEl.hidden = false;
    }

    var frag = document.createDocumentFragment();
    for (var i = 0; i < results.length; i++)
      frag.appendChild(renderResult(results[i], offset + i + 1));
    resultsEl.appendChild(frag);
    showPager(q, offset, total, results.length);
  }

  function showPager(q, offset, total, n) {
    var hasPrev = offset > 0;
    var hasNext = n > 0 && offset + n < total && offset + PAGE <= MAX_OFFSET;
    prevLink.hidden = !hasPrev;
    nextLink.hidden = !hasNext;
    if (hasPrev) prevLink.href = pageUrl(q, Math.max(0, offset - PAGE));
    if (hasNext) nextLink.href = pageUrl(q, offset + PAGE);
    pageNo.textContent = 'Trang ' + fmt(Math.floor(offset / PAGE) + 1);
    pager.hidden = !(hasPrev || hasNext);
  }

  function search(q, offset) {
    resetView();
    statusEl.textContent = 'Đang tìm…';
    var url = '/api/search?q=' + encodeURIComponent(q) + '&limit=' + PAGE +
      '&offset=' + offset;
    fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.json().then(
          function (body) { return { res: res, body: body }; },
          function () { return { res: res, body: null }; });
      })
      .then(function (x) {
        var body = x.body;
        if (!x.res.ok || !body || typeof body !== 'object' || body.error) {
          var e = body && body.error;
          showError(e && e.message ? String(e.message)
            : 'Máy chủ trả lời ' + x.res.status + '.',
            e && e.code ? String(e.code) : '');
          return;
        }
        render(q, body);
      })
      .catch(function () {
        showError('Không kết nối được máy chủ. Hãy thử lại.', '');
      });
  }

  /* ---- suggestions (ARIA combobox) ----------------------------------- */

  var timer = 0;
  var pending = null;          /* AbortController of the request under way */
  var suggestOff = false;      /* the server has no /api/suggest */
  var items = [];              /* [{text, url}] */
  var active = -1;
  var typed = '';

  function closeList() {
    list.hidden = true;
    clear(list);
    items = [];
    active = -1;
    box.setAttribute('aria-expanded', 'false');
    box.removeAttribute('aria-activedescendant');
  }

  function setActive(i) {
    var opts = list.children;
    if (active >= 0 && opts[active]) opts[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute('aria-selected', 'true');
      box.setAttribute('aria-activedescendant', opts[i].id);
      box.value = items[i].text;
      if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: 'nearest' });
    } else {
      box.removeAttribute('aria-activedescendant');
      box.value = typed;
    }
  }

  function openList(words) {
    clear(list);
    items = words;
    active = -1;
    box.removeAttribute('aria-activedescendant');
    if (!words.length) { closeList(); return; }
    words.forEach(function (w, i) {
      var li = document.createElement('li');
      li.id = 'goi-y-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      var t = document.createElement('span');
      t.className = 'sugg-text';
      t.textContent = w.text;
      li.appendChild(t);
      if (w.desc) {
        var d = document.createElement('span');
        d.className = 'sugg-desc';
        d.textContent = w.desc;
        li.appendChild(d);
      }
      li.addEventListener('mousedown', function (ev) {
        ev.preventDefault();        /* keep the focus in the box */
        pick(i);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    box.setAttribute('aria-expanded', 'true');
  }

  /* A completion: search for it, or open its address when it has one
   * (the fourth array of the suggestions format; http(s) only). */
  function pick(i) {
    var it = items[i];
    box.value = it.text;
    closeList();
    if (it.url) { location.assign(it.url); return; }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function fetchSuggestions(q) {
    if (pending) pending.abort();
    var ctl = typeof AbortController !== 'undefined' ? new AbortController() : null;
    pending = ctl;
    fetch('/api/suggest?q=' + encodeURIComponent(q),
          ctl ? { signal: ctl.signal } : undefined)
      .then(function (res) {
        if (res.status === 404 || res.status === 405 || res.status === 501)
          suggestOff = true;           /* not there: stop asking */
        if (!res.ok) return null;
        return res.json().catch(function () { return null; });
      })
      .then(function (body) {
        if (ctl && ctl.signal.aborted) return;
        if (box.value !== q || document.activeElement !== box) return;
        /* ["q", ["completion", ...], [descriptions], [urls]] */
        if (!Array.isArray(body) || !Array.isArray(body[1])) { closeList(); return; }
        var descs = Array.isArray(body[2]) ? body[2] : [];
        var urls = Array.isArray(body[3]) ? body[3] : [];
        var seen = {};
        var words = [];
        for (var i = 0; i < body[1].length && words.length < 10; i++) {
          var w = body[1][i];
          if (typeof w !== 'string' || !w.trim() || seen[w]) continue;
          seen[w] = true;
          words.push({
            text: w,
            desc: typeof descs[i] === 'string' ? descs[i] : '',
            url: typeof urls[i] === 'string' && urls[i]
              ? httpUrl(urls[i], location.href) : null
          });
        }
        openList(words);
      })
      .catch(function () { /* silent: no list */ });
  }

  box.addEventListener('input', function () {
    typed = box.value;
    clearTimeout(timer);
    if (suggestOff || !typed.trim()) { closeList(); return; }
    timer = setTimeout(function () { fetchSuggestions(typed); }, SUGGEST_DELAY_MS);
  });

  box.addEventListener('keydown', function (ev) {
    var open = !list.hidden && items.length > 0;
    switch (ev.key) {
    case 'ArrowDown':
      if (!open) return;
      ev.preventDefault();
      setActive(active + 1 >= items.length ? -1 : active + 1);
      break;
    case 'ArrowUp':
      if (!open) return;
      ev.preventDefault();
      setActive(active - 1 < -1 ? items.length - 1 : active - 1);
      break;
    case 'Enter':
      if (open && active >= 0) {
        ev.preventDefault();
        pick(active);
      } else {
        closeList();             /* the form submits as usual */
      }
      break;
    case 'Escape':
      if (open) {
        ev.preventDefault();
        box.value = typed || box.value;
        closeList();
      }
      break;
    default:
      break;
    }
  });

  box.addEventListener('blur', function () {
    clearTimeout(timer);
    closeList();
  });

  /* An empty query: stay on the home page, focus the box. */
  form.addEventListener('submit', function (ev) {
    if (!box.value.trim()) {
      ev.preventDefault();
      box.focus();
    }
  });

  /* ---- start -------------------------------------------------------- */

  var params = new URLSearchParams(location.search);
  var q = params.get('q') || '';
  var offset = parseInt(params.get('offset') || '0', 10);
  if (!(offset >= 0)) offset = 0;
  offset = Math.min(offset, MAX_OFFSET);
  box.value = q;
  typed = q;
  if (q.trim()) {
    document.title = q + ' – Tìm kiếm – tracuu';
    document.body.classList.add('has-query');
    search(q, offset);
  }
  box.focus();
  /* the caret at the end, not the whole query selected */
  try { box.setSelectionRange(box.value.length, box.value.length); } catch (e) { /* ignore */ }

  /* Coming back through the history (bfcache): close a stale list. */
  window.addEventListener('pageshow', function () {
    closeList();
    box.value = q;
  });
})();
