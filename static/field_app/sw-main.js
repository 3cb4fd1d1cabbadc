/* The field app's service worker (Workbox, loaded from static/vendor, never a CDN). /sw.js sets self.FIELD_APP
   and imports workbox-sw, idb and the outbox before this file. */
(function () {
  'use strict';

  var config = self.FIELD_APP;
  var PAGES = 'dinsos-lapangan-halaman';
  workbox.setConfig({ modulePathPrefix: config.workboxPrefix, debug: false });
  workbox.core.setCacheNameDetails({ prefix: 'dinsos-lapangan' });
  workbox.core.skipWaiting();
  workbox.core.clientsClaim();

  // The app shell's files: kept by content hash, answered from the cache, fetched again only when they change.
  workbox.precaching.cleanupOutdatedCaches();
  workbox.precaching.precacheAndRoute(config.precache, { ignoreURLParametersMatching: [/.*/] });

  // A signed-out answer (a redirect to the login page) or an error is never kept in place of the page.
  var pageOnly = {
    cacheWillUpdate: async function (args) {
      var response = args.response;
      return response && response.status === 200 && !response.redirected ? response : null;
    },
    cacheKeyWillBeUsed: async function (args) {
      var url = new URL(args.request.url);
      url.search = '';
      return url.href;
    }
  };

  // The offline pages open at once from the cache and are refreshed in the background when there is a network.
  workbox.routing.registerRoute(
    function (context) {
      return context.request.mode === 'navigate' && config.pages.indexOf(context.url.pathname) !== -1;
    },
    new workbox.strategies.StaleWhileRevalidate({ cacheName: PAGES, plugins: [pageOnly] })
  );

  async function notifyClients(message) {
    var clients = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
    clients.forEach(function (client) { client.postMessage(message); });
  }

  async function sendFromWorker() {
    var user = await FieldOutbox.getMeta('currentUser');
    if (!user) return;
    var countFields = (await FieldOutbox.getMeta('countFields')) || [];
    var summary = await FieldOutbox.sendAll(user.id, config.api, countFields);
    await notifyClients({ type: 'outbox-changed', summary: summary });
    if (summary.stopped === 'offline' || summary.stopped === 'retry') {
      // Thrown so that the browser tries the sync again later.
      throw new Error('outbox not sent: ' + summary.stopped);
    }
  }

  // Background Sync where the browser has it: the queued items go out even after the page was closed.
  var syncQueue = new workbox.backgroundSync.Queue('kiriman-lapangan', { onSync: sendFromWorker });

  async function warmPages() {
    var cache = await caches.open(PAGES);
    await Promise.all(config.pages.map(async function (path) {
      try {
        // Pages already kept are refreshed when they are opened (stale-while-revalidate), not fetched again here.
        if (await cache.match(new URL(path, self.location).href)) return;
        var response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
        if (response.status === 200 && !response.redirected) await cache.put(new URL(path, self.location).href, response);
      } catch (error) { /* offline: kept pages stay as they are */ }
    }));
  }

  self.addEventListener('message', function (event) {
    var type = event.data && event.data.type;
    if (type === 'register-sync') event.waitUntil(syncQueue.registerSync());
    else if (type === 'warm-pages') event.waitUntil(warmPages());
  });
})();
