/* app.js: the search page's behaviour.  Reads q and offset from the
 * address (/?q=&offset=), fetches /api/search and renders the results,
 * the total, pagination, the "relaxed" note, the note that shards of the
 * index did not answer ("partial"), the "có phải bạn muốn tìm" link
 * (did_you_mean: the query with diacritics, when that finds better
 * results), the "cũng tìm" note (words typed in Telex or VNI also
 * searched as the syllable they spell), the "kết quả cho" note (the
 * query as the results write it, when it was typed without diacritics),
 * the entities of each result as chips (officials, legal references,
 * figures), the answers to a question about a figure ("doanh thu bao
 * nhiêu": the figure, its sentence, its document) in a box above the
 * results, the facets of the whole result set as filters (officials,
 * documents, document types, places, years) kept in the address with the
 * query, the no-results help and API
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
  var partialEl = $('partial');
  var facetsEl = $('facets');
  var currentQ = '';
  var restoredEl = $('restored');
  var dymEl = $('dym');
  var alsoEl = $('also');
  var errorEl = $('error');
  var noResults = $('no-results');
  var resultsEl = $('results');
  var answersEl = $('answers');
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

  /* The snippet (HTML-escaped text with <mark> tags; with tag 'b', an
   * answer's sentence with <b> tags) as DOM nodes: text nodes and elements
   * of that one tag only. */
  function snippetNodes(snippet, parent, tag) {
    tag = tag || 'mark';
    var parts = String(snippet).split(tag === 'b' ? /(<b>|<\/b>)/
                                                  : /(<mark>|<\/mark>)/);
    var inMark = false;
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (p === '<' + tag + '>') { inMark = true; continue; }
      if (p === '</' + tag + '>') { inMark = false; continue; }
      if (!p) continue;
      var text = document.createTextNode(decodeEntities(p));
      if (inMark) {
        var m = document.createElement(tag);
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

  /* Entity filters of the page, from its address (the API's names). */
  var FILTERS = ['official', 'doc', 'type', 'place', 'from', 'to', 'sort'];
  var filters = {};

  /* The parameters of q with the page's filters, changed by over ({name:
   * value}, null to drop one). */
  function queryParams(q, offset, over) {
    var p = new URLSearchParams();
    p.set('q', q);
    FILTERS.forEach(function (f) {
      var v = over && Object.prototype.hasOwnProperty.call(over, f)
        ? over[f] : filters[f];
      if (v) p.set(f, v);
    });
    if (offset > 0) p.set('offset', String(offset));
    return p;
  }

  function pageUrl(q, offset, over) {
    return '/?' + queryParams(q, offset, over).toString();
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  /* ---- results ------------------------------------------------------ */

  function resetView() {
    statusEl.textContent = '';
    relaxedEl.hidden = true;
    partialEl.hidden = true;
    restoredEl.hidden = true;
    dymEl.hidden = true;
    alsoEl.hidden = true;
    facetsEl.hidden = true;
    clear(facetsEl);
    errorEl.hidden = true;
    clear(errorEl);
    noResults.hidden = true;
    answersEl.hidden = true;
    clear(answersEl);
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
    if (typeof r.similar === 'number' && r.similar > 0) {
      meta.appendChild(document.createTextNode(' · '));
      var sim = document.createElement('span');
      sim.className = 'similar';
      sim.textContent = '+' + r.similar + ' bài tương tự';
      sim.title = 'Cùng nội dung, đăng lại ở nơi khác';
      meta.appendChild(sim);
    }
    li.appendChild(meta);

    if (r.snippet) {
      var p = document.createElement('p');
      p.className = 'snippet';
      snippetNodes(r.snippet, p);
      li.appendChild(p);
    }
    var chips = entityChips(r.entities);
    if (chips) li.appendChild(chips);
    return li;
  }

  /* One chip: text, a title for the long form, a link when it filters. */
  function chip(kind, text, title, href) {
    var c = document.createElement(href ? 'a' : 'span');
    c.className = 'chip chip-' + kind;
    c.textContent = text;
    if (title) c.title = title;
    if (href) c.href = href;
    var li = document.createElement('li');
    li.appendChild(c);
    return li;
  }

  function list3(x) { return Array.isArray(x) ? x.slice(0, 3) : []; }

  /* Officials and legal references (links that filter by them) and
   * figures of a result, at most 3 of each; null when none. */
  function entityChips(e) {
    if (!e || typeof e !== 'object') return null;
    var ul = document.createElement('ul');
    ul.className = 'chips';
    ul.setAttribute('aria-label', 'Thực thể');
    list3(e.officials).forEach(function (o) {
      if (!o || !o.name) return;
      var name = String(o.name);
      ul.appendChild(chip('official', name,
        o.title ? String(o.title) + ' ' + name : name,
        pageUrl(currentQ, 0, { official: name })));
    });
    list3(e.legal_refs).forEach(function (d) {
      if (!d || !d.number) return;
      var n = String(d.number);
      ul.appendChild(chip('doc', (d.type ? String(d.type) + ' ' : '') + n,
        d.issuer ? String(d.issuer) : '', pageUrl(currentQ, 0, { doc: n })));
    });
    list3(e.figures).forEach(function (f) {
      if (!f || !f.text) return;
      ul.appendChild(chip('figure', String(f.text),
        f.context ? '… ' + String(f.context) + ' ' + String(f.text) : '', null));
    });
    return ul.firstChild ? ul : null;
  }

  /* The answers to a question about a figure: each figure in bold, the
   * sentence it comes from (the figure in bold in it), a link to its
   * document; the box stays hidden when there are none. */
  function renderAnswers(answers) {
    clear(answersEl);
    if (!Array.isArray(answers) || !answers.length) return;
    var h = document.createElement('h2');
    h.textContent = 'Trả lời';
    answersEl.appendChild(h);
    answers.slice(0, 3).forEach(function (x) {
      if (!x || !x.figure || !x.sentence_html) return;
      var div = document.createElement('div');
      div.className = 'answer';
      var fig = document.createElement('p');
      fig.className = 'answer-figure';
      var b = document.createElement('strong');
      b.textContent = String(x.figure);
      fig.appendChild(b);
      div.appendChild(fig);
      var q = document.createElement('blockquote');
      q.className = 'answer-sentence';
      snippetNodes(x.sentence_html, q, 'b');
      div.appendChild(q);
      var src = document.createElement('p');
      src.className = 'answer-source';
      var a = document.createElement('a');
      a.href = targetOf(x);
      a.textContent = (x.title && String(x.title).trim()) ? String(x.title)
                                                          : String(x.id);
      src.appendChild(document.createTextNode('Nguồn: '));
      src.appendChild(a);
      div.appendChild(src);
      answersEl.appendChild(div);
    });
    answersEl.hidden = !answersEl.querySelector('.answer');
  }

  var FACETS = [
    ['officials', 'Cán bộ', 'official'], ['legal_refs', 'Văn bản', 'doc'],
    ['types', 'Loại văn bản', 'type'], ['places', 'Địa phương', 'place'],
    ['years', 'Năm', 'year']];

  /* The facets as links that add a filter, and the filters in force as
   * links that remove them. */
  function renderFacets(q, facets) {
    clear(facetsEl);
    var active = document.createElement('p');
    active.className = 'active-filters';
    FILTERS.forEach(function (f) {
      if (!filters[f] || f === 'sort') return;
      if (f === 'to' && filters.to === filters.from) return;
      var a = document.createElement('a');
      a.href = pageUrl(q, 0, f === 'from' || f === 'to'
        ? { from: null, to: null } : (function () { var o = {}; o[f] = null; return o; })());
      a.className = 'chip chip-active';
      a.textContent = '× ' + filters[f];
      a.title = 'Bỏ lọc';
      active.appendChild(a);
    });
    if (active.firstChild) facetsEl.appendChild(active);
    if (!facets || typeof facets !== 'object') {
      facetsEl.hidden = !active.firstChild;
      return;
    }
    FACETS.forEach(function (spec) {
      var items = Array.isArray(facets[spec[0]]) ? facets[spec[0]] : [];
      if (!items.length) return;
      var sec = document.createElement('section');
      var h = document.createElement('h2');
      h.textContent = spec[1];
      sec.appendChild(h);
      var ul = document.createElement('ul');
      items.forEach(function (it) {
        if (!it || !it.name) return;
        var name = String(it.name);
        var over = {};
        if (spec[2] === 'year') { over.from = name; over.to = name; }
        else over[spec[2]] = name;
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = pageUrl(q, 0, over);
        a.textContent = name;
        var n = document.createElement('span');
        n.className = 'count';
        n.textContent = fmt(Number(it.count) || 0);
        a.appendChild(document.createTextNode(' '));
        a.appendChild(n);
        li.appendChild(a);
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      facetsEl.appendChild(sec);
    });
    if (facets.exact === false) {
      var note = document.createElement('p');
      note.className = 'facet-note';
      note.textContent = 'Đếm trên ' + fmt(Number(facets.documents) || 0) +
        ' kết quả đầu tiên.';
      facetsEl.appendChild(note);
    }
    facetsEl.hidden = !facetsEl.firstChild;
  }

  function render(q, data) {
    var results = Array.isArray(data.results) ? data.results : [];
    renderFacets(q, data.facets);
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
    /* shards of the index that did not answer: say the list may lack some */
    partialEl.hidden = data.partial !== true;
    if (typeof data.restored === 'string' && data.restored) {
      $('restored-q').textContent = data.restored;
      restoredEl.hidden = false;
    }
    if (typeof data.did_you_mean === 'string' && data.did_you_mean) {
      $('dym-q').textContent = data.did_you_mean;
      $('dym-q').href = pageUrl(data.did_you_mean, 0);
      dymEl.hidden = false;
    }
    if (typeof data.also_searched === 'string' && data.also_searched) {
      $('also-q').textContent = data.also_searched;
      alsoEl.hidden = false;
    }

    renderAnswers(data.answers);
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
    currentQ = q;
    var p = queryParams(q, offset, null);
    p.set('limit', String(PAGE));
    p.set('facets', '1');
    var url = '/api/search?' + p.toString();
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
  FILTERS.forEach(function (f) {
    var v = params.get(f);
    if (v) filters[f] = v.slice(0, 256);
  });
  var filtered = FILTERS.some(function (f) { return f !== 'sort' && filters[f]; });
  var offset = parseInt(params.get('offset') || '0', 10);
  if (!(offset >= 0)) offset = 0;
  offset = Math.min(offset, MAX_OFFSET);
  box.value = q;
  typed = q;
  if (q.trim() || filtered) {
    document.title = (q || 'Lọc') + ' – Tìm kiếm – tracuu';
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
