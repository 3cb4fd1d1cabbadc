/* The field app's outbox: drafts and queued items in IndexedDB, sent in order, each with the idempotency key it
   got when it was created. Shared by the pages and the service worker (Background Sync), so it uses no DOM. */
(function (global) {
  'use strict';

  var DB_NAME = 'dinsos-lapangan';
  var DB_VERSION = 1;
  var STATES = ['draft', 'queued', 'sent', 'refused', 'returned'];
  var UNSENT = ['draft', 'queued', 'refused', 'returned'];
  var dbPromise = null;

  function StorageFullError(cause) {
    this.name = 'StorageFullError';
    this.message = 'storage full';
    this.cause = cause;
  }
  StorageFullError.prototype = Object.create(Error.prototype);

  function isQuotaError(error) {
    if (!error) return false;
    var name = error.name || (error.inner && error.inner.name) || '';
    return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
      (error.code === 22 && name !== 'NotFoundError');
  }

  function db() {
    if (!dbPromise) {
      dbPromise = global.idb.openDB(DB_NAME, DB_VERSION, {
        upgrade: function (database) {
          var items = database.createObjectStore('items', { keyPath: 'id' });
          items.createIndex('user', 'user');
          database.createObjectStore('meta', { keyPath: 'key' });
        }
      });
    }
    return dbPromise;
  }

  function uuid() {
    return global.crypto.randomUUID();
  }

  async function guarded(write) {
    try {
      return await write();
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError(error);
      throw error;
    }
  }

  async function getMeta(key) {
    var row = await (await db()).get('meta', key);
    return row ? row.value : null;
  }

  async function setMeta(key, value) {
    var database = await db();
    return guarded(function () { return database.put('meta', { key: key, value: value }); });
  }

  async function put(item) {
    item.updatedAt = Date.now();
    var database = await db();
    await guarded(function () { return database.put('items', item); });
    return item;
  }

  async function get(id) {
    return (await db()).get('items', id);
  }

  async function remove(id) {
    return (await db()).delete('items', id);
  }

  /* One user's items, oldest first. Another user's items stay on the phone but never show or send here. */
  async function listFor(user) {
    var items = await (await db()).getAllFromIndex('items', 'user', user);
    return items.sort(function (a, b) { return a.createdAt - b.createdAt; });
  }

  async function countOthers(user) {
    var all = await (await db()).getAll('items');
    return all.filter(function (item) { return item.user !== user && UNSENT.indexOf(item.state) !== -1; }).length;
  }

  /* A new draft: its idempotency key is made here, once, and kept through every retry, reload and restart. */
  function newItem(user, kind, data) {
    return {
      id: uuid(), user: user, kind: kind, key: uuid(), state: 'draft', createdAt: Date.now(), updatedAt: Date.now(),
      queuedAt: null, sentAt: null, data: data || {}, photos: [], location: null, serverId: null,
      serverState: null, dirty: false, submitted: false, errors: {}, message: '', returnReason: ''
    };
  }

  async function queue(item) {
    if (item.state === 'sent') return item;
    item.state = 'queued';
    item.queuedAt = Date.now();
    item.errors = {};
    item.message = '';
    return put(item);
  }

  async function csrfToken() {
    if (global.document) {
      var match = global.document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) return decodeURIComponent(match[1]);
    } else if (global.cookieStore) {
      try {
        var cookie = await global.cookieStore.get('csrftoken');
        if (cookie) return cookie.value;
      } catch (error) { /* the stored copy below */ }
    }
    return getMeta('csrf');
  }

  /* One request. A network failure throws (the caller keeps the item queued); anything else comes back as
     {status, data}. X-Outbox-User makes the server refuse an item queued by someone else than who is signed in. */
  async function call(method, url, user, options) {
    options = options || {};
    var headers = { 'Accept': 'application/json', 'X-Outbox-User': String(user) };
    var token = await csrfToken();
    if (token) headers['X-CSRFToken'] = token;
    var body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    var response = await fetch(url, { method: method, headers: headers, body: body, credentials: 'same-origin',
      cache: 'no-store' });
    var data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    return { status: response.status, data: data, redirected: response.redirected };
  }

  function ok(result) {
    return result.status === 200 || result.status === 201;
  }

  function countValue(value) {
    if (value === '' || value === null || value === undefined) return null;
    var number = Number(value);
    return Number.isFinite(number) ? number : value;
  }

  function observedAtIso(value) {
    if (!value) return null;
    var date = new Date(value);
    return isNaN(date.getTime()) ? value : date.toISOString();
  }

  /* Blank is not zero: an empty count is "not reported". A new report leaves it out (the server stores nothing);
     a change to an existing report sends null, so that a figure can be taken back. */
  function reportPayload(item, countFields, creating) {
    var data = item.data;
    var payload = {
      kind: data.kind || 'kaji_cepat',
      area: data.desa || data.kecamatan || '',
      observed_at: observedAtIso(data.observed_at),
      notes: data.notes || ''
    };
    countFields.forEach(function (name) {
      var value = countValue(data[name]);
      if (value !== null || !creating) payload[name] = value;
    });
    return payload;
  }

  /* What to do after a refusal: 'refused' (the item goes back to its form), or a reason to stop the whole run. */
  async function classify(result, item, urls) {
    if (result.status === 401 || result.status === 403 || result.redirected) {
      var me;
      try { me = await call('GET', urls.me, item.user); } catch (error) { return 'offline'; }
      if (!ok(me)) return 'expired';
      if (result.data && /csrf/i.test(result.data.message || '')) return 'expired';
    }
    if (result.status === 409 && result.data && result.data.errors && result.data.errors.outbox_user) {
      return 'other-user';
    }
    if (result.status >= 500 || result.status === 429 || result.status === 0) return 'retry';
    item.state = 'refused';
    item.errors = (result.data && result.data.errors) || {};
    item.message = (result.data && result.data.message) || '';
    item.refusedStatus = result.status;
    await put(item);
    return 'refused';
  }

  async function alreadySubmitted(item, urls) {
    var detail = await call('GET', urls.reports + item.serverId + '/', item.user);
    if (ok(detail) && ['submitted', 'verified', 'superseded'].indexOf(detail.data.state) !== -1) {
      item.serverState = detail.data.state;
      return true;
    }
    return false;
  }

  async function sendFieldReport(item, urls, countFields) {
    var payload = reportPayload(item, countFields, !item.serverId);
    var result;
    if (!item.serverId) {
      payload.disaster = Number(item.data.disaster) || item.data.disaster || null;
      payload.idempotency_key = item.key;
      payload.submit = false;
      result = await call('POST', urls.reports, item.user, { json: payload });
      if (!ok(result)) return classify(result, item, urls);
      item.serverId = result.data.id;
      item.serverState = result.data.state;
      item.dirty = false;
      await put(item);
    } else if (item.dirty) {
      result = await call('PATCH', urls.reports + item.serverId + '/', item.user, { json: payload });
      if (!ok(result)) {
        if (result.status === 400 && result.data && result.data.errors && result.data.errors.state &&
            await alreadySubmitted(item, urls)) {
          item.submitted = true;
        } else {
          return classify(result, item, urls);
        }
      }
      item.dirty = false;
      await put(item);
    }
    if (!item.submitted && item.location && !item.location.sent) {
      result = await call('PUT', urls.location.replace('/0/', '/' + item.serverId + '/'), item.user, {
        json: { latitude: item.location.latitude, longitude: item.location.longitude,
          accuracy_m: item.location.accuracy_m }
      });
      if (!ok(result)) return classify(result, item, urls);
      item.location.sent = true;
      await put(item);
    }
    for (var index = 0; index < item.photos.length; index += 1) {
      var photo = item.photos[index];
      if (photo.sent || item.submitted) continue;
      var form = new FormData();
      form.append('photo', photo.blob, photo.key + '.jpg');
      form.append('client_key', photo.key);
      if (photo.latitude !== undefined && photo.latitude !== null) {
        form.append('latitude', photo.latitude);
        form.append('longitude', photo.longitude);
      }
      result = await call('POST', urls.photos.replace('/0/', '/' + item.serverId + '/'), item.user, { form: form });
      if (!ok(result)) return classify(result, item, urls);
      photo.sent = true;
      photo.serverId = result.data.id;
      await put(item);
    }
    if (!item.submitted) {
      result = await call('POST', urls.reports + item.serverId + '/submit/', item.user, { json: {} });
      if (ok(result)) {
        item.serverState = result.data.state;
      } else if (!(result.status === 400 && await alreadySubmitted(item, urls))) {
        return classify(result, item, urls);
      }
      item.submitted = true;
    }
    item.state = 'sent';
    item.sentAt = Date.now();
    item.errors = {};
    item.message = '';
    await put(item);
    return 'sent';
  }

  async function sendHeadcount(item, urls) {
    var data = item.data;
    var payload = { total: countValue(data.total), idempotency_key: item.key, note: data.note || '' };
    if (data.observed_at) payload.observed_at = observedAtIso(data.observed_at);
    if (data.version) payload.version = Number(data.version);
    ['male', 'female', 'balita', 'anak', 'dewasa', 'lansia', 'pregnant_or_nursing', 'disabled'].forEach(function (name) {
      var value = countValue(data[name]);
      if (value !== null) payload[name] = value;
    });
    var result = await call('POST', urls.shelters + data.shelter + '/occupancy/', item.user, { json: payload });
    if (!ok(result)) return classify(result, item, urls);
    item.state = 'sent';
    item.sentAt = Date.now();
    item.serverId = result.data.id;
    item.errors = {};
    item.message = '';
    await put(item);
    return 'sent';
  }

  async function sendLdpSession(item, urls) {
    var data = item.data;
    var payload = {
      client_key: item.key, shelter: Number(data.shelter) || null, held_on: data.held_on || null, kind: data.kind,
      provider: data.provider, notes: data.notes || ''
    };
    ['providers_count', 'reached_children_male', 'reached_children_female', 'reached_adult_male',
      'reached_adult_female', 'reached_older'].forEach(function (name) {
      var value = countValue(data[name]);
      if (value !== null) payload[name] = value;
    });
    var result = await call('POST', urls.ldpSessions, item.user, { json: payload });
    if (!ok(result)) return classify(result, item, urls);
    item.state = 'sent';
    item.sentAt = Date.now();
    item.serverId = result.data.id;
    item.errors = {};
    item.message = '';
    await put(item);
    return 'sent';
  }

  async function sendEvacueeMove(item, urls) {
    var data = item.data;
    var payload = {
      client_key: item.key, evacuee: Number(data.evacuee) || null, action: data.action, note: data.note || '',
      at: observedAtIso(data.at)
    };
    if (data.action === 'check_in') payload.shelter = Number(data.shelter) || null;
    var result = await call('POST', urls.evacueeMoves, item.user, { json: payload });
    if (!ok(result)) return classify(result, item, urls);
    item.state = 'sent';
    item.sentAt = Date.now();
    item.serverId = result.data.id;
    item.errors = {};
    item.message = '';
    await put(item);
    return 'sent';
  }

  async function sendItem(item, urls, countFields) {
    if (item.kind === 'move') return sendEvacueeMove(item, urls);
    if (item.kind === 'headcount') return sendHeadcount(item, urls);
    if (item.kind === 'ldp') return sendLdpSession(item, urls);
    return sendFieldReport(item, urls, countFields);
  }

  async function runSend(user, urls, countFields) {
    var summary = { sent: 0, refused: 0, stopped: null };
    var items = (await listFor(user)).filter(function (item) { return item.state === 'queued'; });
    items.sort(function (a, b) { return a.queuedAt - b.queuedAt; });
    for (var index = 0; index < items.length; index += 1) {
      // Read again: the other sender (page or worker) may have finished it meanwhile.
      var item = await get(items[index].id);
      if (!item || item.state !== 'queued' || item.user !== user) continue;
      var outcome;
      try {
        outcome = await sendItem(item, urls, countFields);
      } catch (error) {
        if (error instanceof StorageFullError) throw error;
        outcome = 'offline';
      }
      if (outcome === 'sent') summary.sent += 1;
      else if (outcome === 'refused') summary.refused += 1;
      else { summary.stopped = outcome; break; }
    }
    await setMeta('lastSendAt:' + user, Date.now());
    return summary;
  }

  /* Send every queued item of ``user`` in order; one sender at a time across the pages and the worker. */
  async function sendAll(user, urls, countFields) {
    if (!user) return { sent: 0, refused: 0, stopped: 'no-user' };
    if (global.navigator && global.navigator.locks) {
      return global.navigator.locks.request('dinsos-lapangan-kirim', function () {
        return runSend(user, urls, countFields);
      });
    }
    return runSend(user, urls, countFields);
  }

  global.FieldOutbox = {
    STATES: STATES, UNSENT: UNSENT, StorageFullError: StorageFullError, isQuotaError: isQuotaError,
    getMeta: getMeta, setMeta: setMeta, put: put, get: get, remove: remove, listFor: listFor,
    countOthers: countOthers, newItem: newItem, queue: queue, sendAll: sendAll, call: call, uuid: uuid
  };
})(self);
