/* The field app's pages: forms that autosave into the outbox, the outbox itself, reference data kept on the phone.
   Everything typed lives in IndexedDB from the first keystroke, so a lost connection, an expired session, a reload
   or a browser restart loses nothing. */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('field-app-config').textContent);
  var T = config.text;
  var urls = config.urls;
  // Photos and location live under the field app's API, keyed by the report's id (0 in the template address).
  var apiUrls = {
    reports: urls.reports, me: urls.me, shelters: urls.shelters, photos: urls.photos, location: urls.location,
    ldpSessions: urls.ldpSessions, evacueeMoves: urls.evacueeMoves
  };
  var O = window.FieldOutbox;
  var state = { user: null, reference: null, expired: false, item: null, sending: false };
  var COUNT_FIELDS = config.countFields;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function wib(timestamp) {
    if (!timestamp) return '';
    var date = new Date(timestamp);
    var parts = new Intl.DateTimeFormat('id-ID', {
      timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
      hour12: false
    }).formatToParts(date);
    var get = function (type) { var part = parts.find(function (p) { return p.type === type; }); return part ? part.value : ''; };
    return get('day') + ' ' + get('month') + ' ' + get('year') + ', ' + get('hour') + '.' + get('minute') + ' WIB';
  }

  function alertBox(kind, message, id) {
    var box = $('#app-alerts');
    if (id) { var old = document.getElementById(id); if (old) old.remove(); }
    var node = el('div', { className: 'alert alert-' + kind, role: 'alert', text: message });
    if (id) node.id = id;
    box.appendChild(node);
    return node;
  }

  function clearAlert(id) { var node = document.getElementById(id); if (node) node.remove(); }

  function storageFull() {
    alertBox('danger', T.storageFull, 'alert-storage');
  }

  async function save(item) {
    try {
      await O.put(item);
      clearAlert('alert-storage');
      return true;
    } catch (error) {
      if (error instanceof O.StorageFullError) { storageFull(); return false; }
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Who is signed in, and the reference data kept on the phone
  // ------------------------------------------------------------------------------------------------------------
  async function refreshReference() {
    var response;
    try {
      response = await fetch(urls.reference, { headers: { Accept: 'application/json' }, credentials: 'same-origin',
        cache: 'no-store' });
    } catch (error) {
      return 'offline';
    }
    if (response.status === 401 || response.status === 403 || response.redirected) return 'expired';
    if (!response.ok) return 'error';
    var data = await response.json();
    var previous = await O.getMeta('currentUser');
    state.user = data.user;
    state.reference = data;
    try {
      await O.setMeta('currentUser', data.user);
      await O.setMeta('reference:' + data.user.id, data);
      await O.setMeta('countFields', COUNT_FIELDS);
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) await O.setMeta('csrf', decodeURIComponent(match[1]));
    } catch (error) {
      if (error instanceof O.StorageFullError) storageFull(); else throw error;
    }
    if (previous && previous.id !== data.user.id) alertBox('info', T.otherUserSignedIn, 'alert-user');
    return 'ok';
  }

  /* The form must not wait for a slow connection: with reference data already on the phone, the page opens with it
     after at most a short wait and the refresh finishes in the background (a different user signed in meanwhile
     reloads the page, so nobody works in someone else's outbox). */
  async function identify() {
    var cachedUser = await O.getMeta('currentUser');
    var refresh = refreshReference();
    var outcome = cachedUser ? await Promise.race([refresh, new Promise(function (resolve) {
      setTimeout(function () { resolve('pending'); }, 400);
    })]) : await refresh;
    if (outcome !== 'ok') {
      state.user = cachedUser;
      state.reference = state.user ? await O.getMeta('reference:' + state.user.id) : null;
    }
    if (outcome === 'pending') {
      refresh.then(function (late) {
        if (late === 'ok' && cachedUser && state.user && state.user.id !== cachedUser.id) { location.reload(); return; }
        state.expired = late === 'expired';
        renderSession();
        renderReferenceStatus(late);
        if (late === 'ok') pullReturned().then(renderAll).then(sendNow);
      });
    }
    state.expired = outcome === 'expired';
    renderSession();
    renderReferenceStatus(outcome);
    return outcome;
  }

  function loginUrl() {
    return urls.login + '?next=' + encodeURIComponent(location.pathname + location.search);
  }

  function renderSession() {
    var banner = $('#session-banner');
    if (banner) {
      banner.hidden = !state.expired;
      var link = $('#session-login');
      if (link) link.href = loginUrl();
    }
    var who = $('#app-user');
    if (who) who.textContent = state.user ? state.user.name : '';
  }

  function renderReferenceStatus(outcome) {
    var node = $('#reference-status');
    if (!node) return;
    if (!state.reference) {
      node.textContent = T.noReference;
      return;
    }
    node.textContent = T.referenceRefreshed + ' ' + wib(state.reference.refreshed_at) +
      (outcome === 'ok' ? '' : ' · ' + T.referenceFromPhone);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Sending: on demand, when the connection returns, when the page gets focus, and by Background Sync
  // ------------------------------------------------------------------------------------------------------------
  async function requestBackgroundSync() {
    if (!('serviceWorker' in navigator)) return;
    try {
      var registration = await navigator.serviceWorker.ready;
      if (registration.active) registration.active.postMessage({ type: 'register-sync' });
    } catch (error) { /* the online/focus triggers still send */ }
  }

  async function sendNow() {
    if (!state.user || state.sending) return null;
    state.sending = true;
    var summary;
    try {
      summary = await O.sendAll(state.user.id, apiUrls, COUNT_FIELDS);
    } catch (error) {
      if (error instanceof O.StorageFullError) { storageFull(); return null; }
      throw error;
    } finally {
      state.sending = false;
    }
    if (summary.stopped === 'expired') {
      state.expired = true;
      renderSession();
    } else if (summary.stopped === 'offline' || summary.stopped === 'retry') {
      requestBackgroundSync();
    } else if (summary.stopped === null) {
      state.expired = false;
      renderSession();
    }
    await renderAll();
    return summary;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Badge and outbox page
  // ------------------------------------------------------------------------------------------------------------
  function stateLabel(item) {
    return T.states[item.state] || item.state;
  }

  function summaryOf(item) {
    var reference = state.reference || {};
    if (item.kind === 'move') {
      var person = (state.evacuees || []).find(function (e) { return String(e.id) === String(item.data.evacuee); });
      return T.evacueeMove + ': ' + (item.data.action === 'check_in' ? T.checkIn : T.checkOut) + ' · ' +
        (person ? person.full_name : (item.data.evacueeName || '—'));
    }
    if (item.kind === 'ldp') {
      var place = (reference.shelters || []).find(function (s) { return String(s.id) === String(item.data.shelter); });
      return T.ldpSession + ': ' + (place ? place.name : '—') + (item.data.held_on ? ' · ' + item.data.held_on : '');
    }
    if (item.kind === 'headcount') {
      var shelter = (reference.shelters || []).find(function (s) { return String(s.id) === String(item.data.shelter); });
      return T.headcount + ': ' + (shelter ? shelter.name : '—') + (item.data.total ? ' · ' + item.data.total : '');
    }
    var disaster = (reference.disasters || []).find(function (d) { return String(d.id) === String(item.data.disaster); });
    var code = item.data.desa || item.data.kecamatan;
    var area = (reference.areas || []).find(function (a) { return a.code === code; });
    return T.fieldReport + ': ' + (disaster ? disaster.title : (item.data.disasterTitle || '—')) +
      ' · ' + (area ? area.name : (item.data.areaName || '—'));
  }

  async function renderBadge(items) {
    var badge = $('#outbox-badge');
    if (!badge) return;
    var unsent = items.filter(function (item) { return O.UNSENT.indexOf(item.state) !== -1; });
    var refused = items.filter(function (item) { return item.state === 'refused' || item.state === 'returned'; });
    $('[data-count]', badge).textContent = String(unsent.length);
    badge.dataset.unsent = String(unsent.length);
    badge.dataset.queued = String(items.filter(function (item) { return item.state === 'queued'; }).length);
    badge.dataset.refused = String(refused.length);
    badge.className = 'badge rounded-pill ' + (refused.length ? 'text-bg-danger' : unsent.length ? 'text-bg-warning' :
      'text-bg-light');
  }

  function itemUrl(item) {
    var page = { headcount: urls.headcount, ldp: urls.ldp, move: urls.move }[item.kind] || urls.report;
    return page + '?draft=' + encodeURIComponent(item.id);
  }

  async function renderOutbox(items) {
    var list = $('#outbox-list');
    if (!list) return;
    var holder = document.createElement('ul');
    var ordered = items.slice().sort(function (a, b) { return b.updatedAt - a.updatedAt; });
    if (!ordered.length) holder.appendChild(el('li', { className: 'list-group-item text-muted', text: T.outboxEmpty }));
    ordered.forEach(function (item) {
      var badge = el('span', { className: 'badge outbox-state state-' + item.state, text: stateLabel(item) });
      var lines = [
        el('div', { className: 'd-flex justify-content-between gap-2' }, [
          el('a', { href: itemUrl(item), text: summaryOf(item) }), badge
        ]),
        el('div', { className: 'small text-muted', text: (item.state === 'sent' ? T.sentAt + ' ' + wib(item.sentAt) :
          T.savedAt + ' ' + wib(item.updatedAt)) + (item.serverId && item.kind !== 'headcount' ? ' · #' + item.serverId : '') })
      ];
      if (item.message) lines.push(el('div', { className: 'small text-danger', text: item.message }));
      if (item.returnReason && item.state === 'returned') {
        lines.push(el('div', { className: 'small text-danger', text: T.returnReason + ': ' + item.returnReason }));
      }
      var row = el('li', { className: 'list-group-item', 'data-item': item.id, 'data-state': item.state }, lines);
      holder.appendChild(row);
    });
    // The rows are replaced only when something in them changed: a row being tapped while the list is refreshed
    // (after the returned reports are fetched, a send, a message from the service worker) stays under the finger.
    if (holder.innerHTML !== list.innerHTML) {
      list.textContent = '';
      while (holder.firstChild) list.appendChild(holder.firstChild);
    }
    var others = await O.countOthers(state.user ? state.user.id : null);
    var note = $('#others-note');
    if (note) {
      note.hidden = !others;
      note.textContent = others ? T.othersOnPhone.replace('%(n)s', others) : '';
    }
  }

  async function renderAll() {
    if (!state.user) return;
    var items = await O.listFor(state.user.id);
    await renderBadge(items);
    await renderOutbox(items);
    if (state.item) {
      var fresh = await O.get(state.item.id);
      if (fresh && fresh.updatedAt !== state.item.updatedAt) {
        state.item = fresh;
        renderItemStatus();
        renderErrors();
      }
    }
  }

  /* Reports the province returned for correction become local drafts (with the server's id), so that they can be
     fixed offline too; a sent item that came back changes its state. */
  async function pullReturned() {
    if (!state.user || state.expired) return;
    var result;
    try {
      result = await O.call('GET', urls.reports + '?mine=true&state=returned&page_size=50', state.user.id);
    } catch (error) { return; }
    if (result.status !== 200 || !result.data) return;
    var rows = result.data.results || [];
    var items = await O.listFor(state.user.id);
    for (var index = 0; index < rows.length; index += 1) {
      var report = rows[index];
      var item = items.find(function (candidate) { return candidate.serverId === report.id && candidate.kind === 'report'; });
      if (item && item.state !== 'sent') continue;
      if (!item) {
        item = O.newItem(state.user.id, 'report', {});
        item.key = report.idempotency_key;
        item.serverId = report.id;
      }
      var area = report.area || '';
      item.data = {
        disaster: String(report.disaster), kind: report.kind, kecamatan: area.length > 8 ? area.slice(0, 8) : area,
        desa: area.length > 8 ? area : '', observed_at: localInput(report.observed_at), notes: report.notes || '',
        areaName: report.area_name
      };
      COUNT_FIELDS.forEach(function (name) {
        item.data[name] = report[name] === null || report[name] === undefined ? '' : String(report[name]);
      });
      item.state = 'returned';
      item.serverState = 'returned';
      item.returnReason = report.return_reason || '';
      item.dirty = true;
      item.submitted = false;
      item.photos = item.photos.filter(function (photo) { return photo.sent; });
      if (!(await save(item))) return;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Forms: one draft per form, created once, autosaved on every change
  // ------------------------------------------------------------------------------------------------------------
  function localInput(iso) {
    var date = iso ? new Date(iso) : new Date();
    var shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 16);
  }

  function fillSelect(select, options, placeholder, value) {
    select.textContent = '';
    if (placeholder !== null) select.appendChild(el('option', { value: '', text: placeholder }));
    options.forEach(function (option) { select.appendChild(el('option', { value: option.value, text: option.label })); });
    if (value !== undefined && value !== null) select.value = value;
  }

  function referenceOptions() {
    var reference = state.reference || { disasters: [], areas: [], shelters: [] };
    return reference;
  }

  function fillReportChoices(item) {
    var reference = referenceOptions();
    var form = $('#report-form');
    var disasters = reference.disasters.map(function (d) { return { value: String(d.id), label: d.title }; });
    if (item.data.disaster && !disasters.some(function (d) { return d.value === String(item.data.disaster); })) {
      disasters.push({ value: String(item.data.disaster), label: item.data.disasterTitle || ('#' + item.data.disaster) });
    }
    fillSelect(form.elements.disaster, disasters, T.choose, item.data.disaster || '');
    var kecamatan = reference.areas.filter(function (a) { return a.level === 'kecamatan'; })
      .map(function (a) { return { value: a.code, label: a.name }; });
    if (item.data.kecamatan && !kecamatan.some(function (k) { return k.value === item.data.kecamatan; })) {
      kecamatan.push({ value: item.data.kecamatan, label: item.data.areaName || item.data.kecamatan });
    }
    fillSelect(form.elements.kecamatan, kecamatan, T.choose, item.data.kecamatan || '');
    fillDesa(item.data.kecamatan, item.data.desa);
  }

  function fillDesa(kecamatan, value) {
    var reference = referenceOptions();
    var form = $('#report-form');
    var desa = reference.areas.filter(function (a) { return a.level === 'desa' && a.parent_id === kecamatan; })
      .map(function (a) { return { value: a.code, label: a.name }; });
    if (value && !desa.some(function (d) { return d.value === value; })) desa.push({ value: value, label: value });
    fillSelect(form.elements.desa, desa, T.wholeKecamatan, value || '');
  }

  function fillShelterChoices(item) {
    var reference = referenceOptions();
    var form = formOf();
    var shelters = reference.shelters.map(function (s) { return { value: String(s.id), label: s.name }; });
    fillSelect(form.elements.shelter, shelters, T.choose, item.data.shelter || '');
  }

  function formOf() { return $('#report-form') || $('#headcount-form') || $('#ldp-form') || $('#move-form'); }

  /* Names of evacuees for check-out/check-in offline: kept per user, refreshed when online, forgotten at logout. */
  async function refreshEvacuees() {
    if (!state.user) return;
    try {
      var result = await O.call('GET', urls.evacuees, state.user.id);
      if (result.status === 200 && Array.isArray(result.data)) {
        state.evacuees = result.data;
        await O.setMeta('evacuees:' + state.user.id, result.data);
        return;
      }
    } catch (error) { /* offline: the kept list below */ }
    state.evacuees = (await O.getMeta('evacuees:' + state.user.id)) || [];
  }

  function fillEvacuees(item) {
    var form = $('#move-form');
    var checkIn = form.elements.action.value === 'check_in';
    var shelter = form.elements.shelter.value;
    var people = (state.evacuees || []).filter(function (e) {
      return checkIn ? e.status === 'keluar' : e.status === 'di_pengungsian' && String(e.shelter) === shelter;
    }).map(function (e) { return { value: String(e.id), label: e.full_name }; });
    fillSelect(form.elements.evacuee, people, T.choose, item.data.evacuee || '');
  }

  function readForm(form, item) {
    $all('input[name], select[name], textarea[name]', form).forEach(function (input) {
      if (input.type === 'file' || input.dataset.transient !== undefined) return;
      item.data[input.name] = input.value;
    });
    if (item.kind === 'report') {
      var disaster = (referenceOptions().disasters || []).find(function (d) { return String(d.id) === item.data.disaster; });
      if (disaster) item.data.disasterTitle = disaster.title;
    }
    if (item.kind === 'headcount') {
      var shelter = (referenceOptions().shelters || []).find(function (s) { return String(s.id) === item.data.shelter; });
      if (shelter) item.data.version = shelter.version;
    }
    if (item.kind === 'move') {
      var person = (state.evacuees || []).find(function (e) { return String(e.id) === item.data.evacuee; });
      if (person) item.data.evacueeName = person.full_name;
    }
  }

  function writeForm(form, item) {
    $all('input[name], textarea[name]', form).forEach(function (input) {
      if (input.type === 'file' || input.dataset.transient !== undefined) return;
      var value = item.data[input.name];
      input.value = value === undefined || value === null ? '' : value;
    });
  }

  function renderItemStatus() {
    var item = state.item;
    var node = $('#draft-status');
    if (!node || !item) return;
    node.textContent = stateLabel(item) + ' · ' + (item.state === 'sent' ? T.sentAt + ' ' + wib(item.sentAt) :
      T.savedAt + ' ' + wib(item.updatedAt));
    node.dataset.state = item.state;
    var form = formOf();
    form.dataset.idempotencyKey = item.key;
    form.dataset.state = item.state;
    var sent = item.state === 'sent';
    $all('input, select, textarea, button[type=submit]', form).forEach(function (input) { input.disabled = sent; });
    var done = $('#sent-note');
    if (done) done.hidden = !sent;
    var returned = $('#return-reason');
    if (returned) {
      returned.hidden = !(item.returnReason && item.state !== 'sent');
      returned.textContent = item.returnReason ? T.returnReason + ': ' + item.returnReason : '';
    }
    renderPhotos();
  }

  function fieldLabel(name) {
    var wrapper = $('[data-field="' + name + '"]');
    var label = wrapper ? $('label', wrapper) : null;
    return label ? label.textContent.trim() : name;
  }

  function renderErrors() {
    var item = state.item;
    var form = formOf();
    if (!form || !item) return;
    $all('.is-invalid', form).forEach(function (node) { node.classList.remove('is-invalid'); });
    $all('[data-error-for]', form).forEach(function (node) { node.textContent = ''; node.hidden = true; });
    var message = $('#form-message');
    var errors = item.errors || {};
    var unplaced = [];
    Object.keys(errors).forEach(function (name) {
      var messages = Array.isArray(errors[name]) ? errors[name] : [errors[name]];
      var text = messages.map(function (m) { return typeof m === 'string' ? m : JSON.stringify(m); }).join(' ');
      var target = $('[data-error-for="' + name + '"]', form);
      if (target) {
        target.textContent = text;
        target.hidden = false;
        var wrapper = target.closest('[data-field]');
        $all('input, select, textarea', wrapper).forEach(function (input) { input.classList.add('is-invalid'); });
      }
      unplaced.push(fieldLabel(name) + ': ' + text);
    });
    if (message) {
      var show = item.state === 'refused' && (item.message || unplaced.length);
      message.hidden = !show;
      message.textContent = '';
      if (show) {
        message.appendChild(el('strong', { text: T.refusedTitle }));
        message.appendChild(el('div', { text: item.message }));
        var list = el('ul', { className: 'mb-0' });
        unplaced.forEach(function (line) { list.appendChild(el('li', { text: line })); });
        message.appendChild(list);
      }
    }
  }

  function renderPhotos() {
    var list = $('#photo-list');
    if (!list || !state.item) return;
    list.textContent = '';
    state.item.photos.forEach(function (photo, index) {
      var image = el('img', { className: 'photo-thumb', alt: T.photo + ' ' + (index + 1) });
      if (photo.blob) image.src = URL.createObjectURL(photo.blob);
      var remove = el('button', { type: 'button', className: 'btn btn-sm btn-outline-danger', text: T.remove });
      remove.disabled = photo.sent || state.item.state === 'sent';
      remove.addEventListener('click', async function () {
        state.item.photos.splice(index, 1);
        await save(state.item);
        renderPhotos();
      });
      list.appendChild(el('li', { className: 'photo-item', 'data-photo': photo.key }, [
        image, el('span', { className: 'small', text: Math.round(photo.size / 1024) + ' kB' + (photo.sent ? ' · ' + T.states.sent : '') }),
        remove
      ]));
    });
    var location = $('#location-text');
    if (location) {
      var point = state.item.location;
      location.textContent = point ? point.latitude + ', ' + point.longitude + ' (±' + point.accuracy_m + ' m)' : T.noLocation;
    }
  }

  /* What is typed reaches IndexedDB 250 ms after the last keystroke (one write per pause, not per key: a report's
     photos are written again with every put). Until then it lives in a journal in localStorage, written
     synchronously on every change, so that leaving the page before the write (reload, back, logout; an IndexedDB
     write started while the page goes away is dropped) loses nothing. The journal holds only the form data the
     draft itself holds, keyed by user and draft; it is deleted as soon as IndexedDB has the same revision, merged
     into the draft and deleted at the next start, and at logout it goes wherever the outbox goes. */
  var SAVE_DELAY = 250;
  var JOURNAL = 'dinsos-lapangan:draft:';
  var saveTimer = null;
  var saving = Promise.resolve(true);
  var journalRev = 0;

  function journalKey(user, id) { return JOURNAL + user + ':' + id; }

  function journalWrite(item) {
    // One revision counter per page, above anything the draft already carries: a newer edit always has a higher one.
    journalRev = Math.max(journalRev, item.rev || 0) + 1;
    item.rev = journalRev;
    try {
      localStorage.setItem(journalKey(item.user, item.id), JSON.stringify({ rev: item.rev, data: item.data }));
    } catch (error) { /* no localStorage or it is full: the IndexedDB write still saves */ }
    return item.rev;
  }

  function journalSettled(item, rev) {
    if (rev !== journalRev) return; // a newer edit is journaled; its own write deletes it
    try { localStorage.removeItem(journalKey(item.user, item.id)); } catch (error) { /* nothing was kept */ }
  }

  function journalKeys(prefix) {
    var keys = [];
    try {
      for (var index = 0; index < localStorage.length; index += 1) {
        var key = localStorage.key(index);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
    } catch (error) { /* no localStorage: no journal */ }
    return keys;
  }

  function journalForget(user) {
    journalKeys(JOURNAL + user + ':').forEach(function (key) {
      try { localStorage.removeItem(key); } catch (error) { /* already gone */ }
    });
  }

  /* Edits a page wrote to the journal but not to IndexedDB before it went away go into their drafts, then the journal
     entries are deleted. An entry whose draft is gone (deleted at logout) or already sent is deleted unread. */
  async function journalRecover() {
    var keys = journalKeys(JOURNAL);
    for (var index = 0; index < keys.length; index += 1) {
      var key = keys[index];
      var rest = key.slice(JOURNAL.length);
      var cut = rest.indexOf(':');
      var entry = null;
      try { entry = JSON.parse(localStorage.getItem(key)); } catch (error) { entry = null; }
      var item = cut > 0 ? await O.get(rest.slice(cut + 1)) : null;
      var kept = false;
      if (entry && entry.data && item && String(item.user) === rest.slice(0, cut) && item.state !== 'sent' &&
          entry.rev > (item.rev || 0)) {
        Object.keys(entry.data).forEach(function (name) { item.data[name] = entry.data[name]; });
        item.rev = entry.rev;
        if (item.serverId) item.dirty = true;
        if (item.state === 'refused') item.state = 'draft';
        kept = !(await save(item)); // storage full: the journal keeps the edit until there is room
      }
      if (!kept) {
        try { localStorage.removeItem(key); } catch (error) { /* already gone */ }
      }
    }
  }

  function cancelSave() {
    clearTimeout(saveTimer);
    saveTimer = null;
  }

  /* Every change: into the draft in memory and the journal now, into IndexedDB after the pause. */
  function edited() {
    var item = state.item;
    if (!item || item.state === 'sent') return;
    readForm(formOf(), item);
    journalWrite(item);
    cancelSave();
    saveTimer = setTimeout(flushSave, SAVE_DELAY);
  }

  /* Writes what waits for the timer now; resolves when IndexedDB has everything typed so far. */
  function flushSave() {
    if (saveTimer !== null) {
      cancelSave();
      startSave();
    }
    return saving;
  }

  function startSave() {
    saving = autosave().catch(function (error) { console.error(error); return false; });
    return saving;
  }

  async function autosave() {
    var item = state.item;
    if (!item || item.state === 'sent') return false;
    readForm(formOf(), item);
    if (item.serverId) item.dirty = true;
    if (item.state === 'refused') {
      // Editing a refused item makes it a draft again; the officer sends it when it is fixed.
      item.state = 'draft';
    }
    var rev = journalWrite(item);
    if (!(await save(item))) return false;
    journalSettled(item, rev);
    renderItemStatus();
    return true;
  }

  async function openItem(kind) {
    var params = new URLSearchParams(location.search);
    var id = params.get('draft');
    var item = id ? await O.get(id) : null;
    if (item && item.user !== state.user.id) item = null;
    if (!item) {
      // A new draft: its idempotency key is made now and the address points at it from here on, so the back
      // button, a reload or a restart return to this draft and resend it under the same key.
      var defaults = {
        report: { observed_at: localInput(), kind: 'kaji_cepat' },
        headcount: { observed_at: localInput() },
        ldp: { held_on: localInput().slice(0, 10), kind: 'pfa', provider: 'tagana', providers_count: '1' },
        move: { at: localInput(), action: 'check_out' }
      };
      item = O.newItem(state.user.id, kind, defaults[kind]);
      if (!(await save(item))) return null;
      history.replaceState(null, '', location.pathname + '?draft=' + encodeURIComponent(item.id));
    }
    return item;
  }

  async function initForm(kind) {
    var form = formOf();
    var item = await openItem(kind);
    if (!item) return;
    state.item = item;
    if (kind === 'report') fillReportChoices(item); else fillShelterChoices(item);
    if (kind === 'move') {
      form.elements.action.value = item.data.action || 'check_out';
      fillEvacuees(item);
    }
    writeForm(form, item);
    $all('select[name]', form).forEach(function (select) {
      if (item.data[select.name] !== undefined) select.value = item.data[select.name];
    });
    renderItemStatus();
    renderErrors();
    form.addEventListener('input', edited);
    // Leaving the page or the app starts the write at once (the journal already holds it should the page go first);
    // a phone hides the page earlier than it unloads it, and may never unload it at all.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') flushSave();
    });
    window.addEventListener('pagehide', flushSave);
    form.addEventListener('change', function (event) {
      if (event.target.name === 'kecamatan') fillDesa(event.target.value, '');
      if (kind === 'move' && (event.target.name === 'action' || event.target.name === 'shelter')) {
        state.item.data.evacuee = '';
        fillEvacuees(state.item);
      }
      edited();
    });
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      cancelSave();
      if (state.item.state === 'sent') return;
      readForm(form, state.item);
      var missing = requiredMissing(form);
      if (missing.length) {
        state.item.errors = {};
        missing.forEach(function (name) { state.item.errors[name] = [T.required]; });
        renderErrors();
        await startSave(); // not sent, but what was typed is kept
        return;
      }
      if (state.item.serverId) state.item.dirty = true;
      var rev = journalWrite(state.item);
      try {
        await O.queue(state.item);
      } catch (error) {
        if (error instanceof O.StorageFullError) { storageFull(); return; }
        throw error;
      }
      journalSettled(state.item, rev);
      renderItemStatus();
      renderErrors();
      await renderAll();
      requestBackgroundSync();
      if (navigator.onLine) await sendNow();
      state.item = await O.get(state.item.id);
      renderItemStatus();
      renderErrors();
      var status = $('#send-result');
      if (status) status.textContent = state.item.state === 'sent' ? T.sentNow : state.item.state === 'queued' ?
        (state.expired ? T.queuedExpired : T.queuedOffline) : '';
    });
    if (kind === 'report') initPhotosAndLocation();
  }

  function requiredMissing(form) {
    return $all('[data-required]', form).filter(function (input) { return !input.value; }).map(function (input) {
      return input.dataset.required || input.name;
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Photos (downscaled to 1600 px JPEG in the browser; re-encoding drops EXIF) and the GPS point
  // ------------------------------------------------------------------------------------------------------------
  async function downscale(file) {
    var bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    var width = Math.round(bitmap.width * scale);
    var height = Math.round(bitmap.height * scale);
    var canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    var blob = await new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.82); });
    return { blob: blob, width: width, height: height };
  }

  function initPhotosAndLocation() {
    var input = $('#f-photo');
    input.addEventListener('change', async function () {
      var files = Array.prototype.slice.call(input.files || []);
      for (var index = 0; index < files.length; index += 1) {
        var photo;
        try {
          photo = await downscale(files[index]);
        } catch (error) {
          alertBox('danger', T.notAPhoto, 'alert-photo');
          continue;
        }
        var point = state.item.location;
        state.item.photos.push({
          key: O.uuid(), blob: photo.blob, width: photo.width, height: photo.height, size: photo.blob.size,
          latitude: point ? point.latitude : null, longitude: point ? point.longitude : null, sent: false
        });
        if (state.item.serverId) state.item.dirty = true;
        if (!(await save(state.item))) { state.item.photos.pop(); break; }
      }
      input.value = '';
      renderPhotos();
    });
    $('#take-location').addEventListener('click', function () {
      if (!navigator.geolocation) { alertBox('warning', T.noGps, 'alert-gps'); return; }
      $('#location-text').textContent = T.locating;
      navigator.geolocation.getCurrentPosition(async function (position) {
        state.item.location = {
          latitude: Number(position.coords.latitude.toFixed(6)), longitude: Number(position.coords.longitude.toFixed(6)),
          accuracy_m: Math.round(position.coords.accuracy), sent: false
        };
        await save(state.item);
        renderPhotos();
      }, function () {
        alertBox('warning', T.noGps, 'alert-gps');
        renderPhotos();
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
    $('#clear-location').addEventListener('click', async function () {
      state.item.location = null;
      await save(state.item);
      renderPhotos();
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Signing out on a shared phone: decide what happens to unsent items first
  // ------------------------------------------------------------------------------------------------------------
  async function postLogout() {
    var form = el('form', { method: 'post', action: urls.logout });
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    form.appendChild(el('input', { type: 'hidden', name: 'csrfmiddlewaretoken', value: match ? decodeURIComponent(match[1]) : '' }));
    document.body.appendChild(form);
    try {
      // Kept items stay on the phone for their owner: what the journal still holds goes into them, not left behind.
      await flushSave();
      await journalRecover();
      // The names of evacuees kept for offline work leave the phone with the user who fetched them.
      if (state.user) await O.setMeta('evacuees:' + state.user.id, null);
      await O.setMeta('currentUser', null);
    } finally {
      form.submit();
    }
  }

  function initLogout() {
    var button = $('#logout-button');
    var dialog = $('#logout-dialog');
    if (!button || !dialog) return;
    button.addEventListener('click', async function () {
      await flushSave(); // the count and the kept items include what was typed a moment ago
      var items = state.user ? await O.listFor(state.user.id) : [];
      var unsent = items.filter(function (item) { return O.UNSENT.indexOf(item.state) !== -1; });
      if (!unsent.length) { postLogout(); return; }
      $('#logout-count').textContent = T.unsentCount.replace('%(n)s', unsent.length);
      dialog.showModal();
    });
    $('#logout-send').addEventListener('click', async function () {
      var summary = await sendNow();
      var items = await O.listFor(state.user.id);
      if (summary && !items.some(function (item) { return O.UNSENT.indexOf(item.state) !== -1; })) { postLogout(); return; }
      $('#logout-count').textContent = T.stillUnsent;
    });
    $('#logout-keep').addEventListener('click', postLogout);
    $('#logout-delete').addEventListener('click', async function () {
      if (!window.confirm(T.confirmDelete)) return;
      // No write may bring the open draft back once it is deleted.
      cancelSave();
      await saving;
      state.item = null;
      var items = await O.listFor(state.user.id);
      for (var index = 0; index < items.length; index += 1) {
        if (O.UNSENT.indexOf(items[index].state) !== -1) await O.remove(items[index].id);
      }
      journalForget(state.user.id); // deleted with the outbox
      postLogout();
    });
    $('#logout-cancel').addEventListener('click', function () { dialog.close(); });
  }

  async function warnIfStorageLow() {
    if (!navigator.storage || !navigator.storage.estimate) return;
    try {
      if (navigator.storage.persist) await navigator.storage.persist();
      var estimate = await navigator.storage.estimate();
      if (estimate.quota && estimate.usage / estimate.quota > 0.9) alertBox('warning', T.storageLow, 'alert-storage-low');
    } catch (error) { /* no estimate: the write itself still reports a full store */ }
  }

  // ------------------------------------------------------------------------------------------------------------
  async function start() {
    initLogout();
    var outcome = await identify();
    if (!state.user) {
      alertBox('warning', T.signInFirst, 'alert-signin').appendChild(el('a', { href: loginUrl(), className: 'ms-1', text: T.signIn }));
      document.body.dataset.ready = 'no-user';
      return;
    }
    await journalRecover();
    if (config.page === 'report') await initForm('report');
    if (config.page === 'headcount') await initForm('headcount');
    if (config.page === 'ldp') await initForm('ldp');
    if (config.page === 'move') {
      await refreshEvacuees();
      await initForm('move');
    }
    await renderAll();
    document.body.dataset.ready = 'yes';
    if (outcome === 'ok') pullReturned().then(renderAll);
    warnIfStorageLow();
    var sendButton = $('#send-now');
    if (sendButton) sendButton.addEventListener('click', sendNow);
    var refresh = $('#refresh-reference');
    if (refresh) refresh.addEventListener('click', async function () {
      var result = await refreshReference();
      renderReferenceStatus(result);
      if (result === 'expired') { state.expired = true; renderSession(); }
    });
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.addEventListener('message', function (event) {
        if (event.data && event.data.type === 'outbox-changed') renderAll();
      });
    }
    window.addEventListener('online', function () { setNetwork(); refreshReference().then(renderReferenceStatus); sendNow(); });
    window.addEventListener('offline', setNetwork);
    window.addEventListener('focus', function () { if (navigator.onLine) sendNow(); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && navigator.onLine) sendNow();
    });
    setNetwork();
    if (outcome === 'ok') {
      if ('serviceWorker' in navigator) {
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.active) registration.active.postMessage({ type: 'warm-pages' });
        });
      }
      await sendNow();
    }
    document.body.dataset.sendChecked = 'yes';
  }

  function setNetwork() {
    var node = $('#net-state');
    if (!node) return;
    node.textContent = navigator.onLine ? T.online : T.offline;
    node.className = 'badge ' + (navigator.onLine ? 'text-bg-success' : 'text-bg-secondary');
  }

  start();
})();
