/**
 * The report page's only script, inlined (no external assets) and pinned by its hash in the page's
 * Content-Security-Policy, so nothing else can ever run in the page.
 *
 * It reads the records from the embedded JSON (full records, and short rows of the other fail and
 * error records: lib/report/html-data.ts, expanded here to the same shape) and renders the
 * records table one page at a time:
 * 100,000 rows in the DOM would take seconds to lay out, 100 take a frame. Every record string is
 * written with textContent, never innerHTML.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var PAGE_SIZE = 100;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var entries = data.entries.map(expand);
  var byId = null;
  var matching = entries;
  var page = 0;
  var $ = function (id) { return document.getElementById(id); };
  var ui = {
    check: $('filter-check'), result: $('filter-result'), family: $('filter-family'),
    integrity: $('filter-integrity'), resource: $('filter-resource'), reset: $('filter-reset'),
    counter: $('records-counter'), body: $('records-body'), prev: $('page-prev'), next: $('page-next'),
    pageInfo: $('page-info'), dialog: $('record-dialog'), dialogTitle: $('record-dialog-title'),
    dialogMeta: $('record-dialog-meta'), dialogJson: $('record-dialog-json'), close: $('record-dialog-close')
  };
  var fmt = function (n) { return n.toLocaleString('en-US'); };
  var RESULT_LABEL = { pass: 'pass', fail: 'fail', not_applicable: 'n/a', error: 'error' };

  // A short row [id, check, result, resource, observedAt, reason, problems, stale] as a partial record.
  function expand(e) {
    if (!Array.isArray(e)) return e;
    var res = data.resources[e[3]];
    var check = data.names[e[1]];
    var c = data.checks[check] || {};
    var observedAt = typeof e[4] === 'number' ? new Date(data.t0 + e[4]).toISOString() : e[4];
    return {
      b: 1, s: e[7], i: { ok: e[6] === '', text: e[6] },
      r: { id: e[0], check: { id: check, title: c.title || check, family: c.family || '' }, result: data.names[e[2]],
        resource: { type: res[0], id: res[1], arn: res[2] }, account: res[3], region: res[4], observedAt: observedAt, reason: data.reasons[e[5]] }
    };
  }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function badge(text, className, title) {
    var span = document.createElement('span');
    span.className = 'badge ' + className;
    span.textContent = text;
    if (title) span.title = title;
    return span;
  }

  function exceptionText(x) {
    return x.kind + ': ' + x.reason + ' (approved by ' + x.approver + (x.ticket ? ', ticket ' + x.ticket : '') +
      ', ' + (x.revokedAt ? 'revoked ' + x.revokedAt : 'until ' + x.expiresAt) + '; exception ' + x.id + ')';
  }

  function matches(e, f) {
    var r = e.r;
    if (f.check && r.check.id !== f.check) return false;
    if (f.result && r.result !== f.result) return false;
    if (f.family && r.check.family !== f.family) return false;
    if (f.integrity === 'verified' && !e.i.ok) return false;
    if (f.integrity === 'failed' && e.i.ok) return false;
    if (f.resource) {
      var id = String(r.resource.id).toLowerCase();
      var arn = String(r.resource.arn || '').toLowerCase();
      if (id.indexOf(f.resource) < 0 && arn.indexOf(f.resource) < 0) return false;
    }
    return true;
  }

  function apply() {
    var f = {
      check: ui.check.value, result: ui.result.value, family: ui.family.value,
      integrity: ui.integrity.value, resource: ui.resource.value.trim().toLowerCase()
    };
    var any = f.check || f.result || f.family || f.integrity || f.resource;
    matching = any ? entries.filter(function (e) { return matches(e, f); }) : entries;
    page = 0;
    render();
  }

  function render() {
    var pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    if (page >= pages) page = pages - 1;
    var start = page * PAGE_SIZE;
    var fragment = document.createDocumentFragment();
    matching.slice(start, start + PAGE_SIZE).forEach(function (e, n) {
      var r = e.r;
      var tr = document.createElement('tr');
      tr.className = 'row-' + r.result;
      cell(tr, r.check.id, 'mono');
      var result = cell(tr, '');
      result.className = 'nowrap';
      result.appendChild(badge(RESULT_LABEL[r.result] || r.result, 'result-' + r.result));
      // An excepted fail keeps its verdict; the exception and staleness are named beside it.
      if (e.x) result.append(' ', badge('excepted', 'excepted', exceptionText(e.x)));
      if (e.s) result.append(' ', badge('stale', 'stale'));
      cell(tr, r.resource.id, 'mono wrap').title = r.resource.arn || '';
      cell(tr, r.account, 'mono');
      cell(tr, r.region);
      cell(tr, r.observedAt, 'mono nowrap');
      cell(tr, r.reason, 'wrap');
      cell(tr, '').appendChild(e.i.ok ? badge('verified', 'ok') : badge('FAILED', 'bad', e.i.text));
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = 'Details';
      button.setAttribute('data-row', String(start + n));
      button.setAttribute('aria-label', 'Details of record ' + r.id);
      cell(tr, '').appendChild(button);
      fragment.appendChild(tr);
    });
    ui.body.replaceChildren(fragment);
    ui.counter.textContent = fmt(matching.length) + ' of ' + fmt(entries.length) + ' records';
    ui.pageInfo.textContent = matching.length === 0 ? 'No matching records' : 'Page ' + fmt(page + 1) + ' of ' + fmt(pages);
    ui.prev.disabled = page === 0;
    ui.next.disabled = page >= pages - 1;
  }

  function openDetails(e, opener) {
    var r = e.r;
    ui.dialogTitle.textContent = r.check.title + ' \\u2014 ' + r.resource.id;
    var meta = ui.dialogMeta;
    meta.replaceChildren();
    var facts = [
      ['Record id', r.id], ['Result', RESULT_LABEL[r.result] || r.result], ['Reason', r.reason],
      ['Resource', r.resource.arn || r.resource.id], ['Observed', r.observedAt], ['Collected', r.collectedAt],
      ['Trigger', r.trigger ? [r.trigger.source, r.trigger.eventName, r.trigger.actor].filter(Boolean).join(' \\u00b7 ') : ''],
      ['Store key', e.k || '(not from a store)'],
      ['Integrity', e.i.ok ? 'verified with the pinned key' : 'FAILED: ' + e.i.text]
    ];
    if (e.x) facts.splice(3, 0, ['Exception', exceptionText(e.x)]);
    if (e.s) facts.splice(5, 0, ['Freshness', 'stale: its resource was not evaluated again in time']);
    facts.forEach(function (f) {
      var dt = document.createElement('dt');
      dt.textContent = f[0];
      var dd = document.createElement('dd');
      dd.textContent = f[1] == null ? '' : String(f[1]);
      meta.appendChild(dt);
      meta.appendChild(dd);
    });
    // A short row is not the signed record: say where the record as stored is.
    ui.dialogJson.textContent = e.b
      ? 'This page holds a summary of this record. The signed record as stored: trailproof show --store STORE ' + r.id
      : JSON.stringify(r, null, 2);
    ui.dialog.returnFocusTo = opener;
    ui.dialog.showModal();
    ui.close.focus();
  }

  function entryById(id) {
    if (!byId) {
      byId = new Map();
      entries.forEach(function (e) { byId.set(e.r.id, e); });
    }
    return byId.get(id);
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest('button');
    if (!target) return;
    if (target.hasAttribute('data-row')) openDetails(matching[Number(target.getAttribute('data-row'))], target);
    else if (target.hasAttribute('data-record')) {
      var e = entryById(target.getAttribute('data-record'));
      if (e) openDetails(e, target);
    } else if (target.hasAttribute('data-show-check')) {
      ui.check.value = target.getAttribute('data-show-check');
      ui.result.value = target.getAttribute('data-show-result') || '';
      apply();
      $('records').scrollIntoView();
      ui.check.focus();
    }
  });
  ui.close.addEventListener('click', function () { ui.dialog.close(); });
  ui.dialog.addEventListener('close', function () {
    if (ui.dialog.returnFocusTo) ui.dialog.returnFocusTo.focus();
  });
  [ui.check, ui.result, ui.family, ui.integrity].forEach(function (el) { el.addEventListener('change', apply); });
  var timer = 0;
  ui.resource.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  ui.reset.addEventListener('click', function () {
    ui.check.value = ui.result.value = ui.family.value = ui.integrity.value = ui.resource.value = '';
    apply();
  });
  ui.prev.addEventListener('click', function () { page -= 1; render(); });
  ui.next.addEventListener('click', function () { page += 1; render(); });
  document.documentElement.classList.add('js');
  render();
})();
`;
